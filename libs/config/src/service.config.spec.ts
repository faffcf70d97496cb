import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, KafkaClientConfig, loadConfig, ServiceConfig } from './index.js';

describe('Kafka settings', () => {
  const ca = join(mkdtempSync(join(tmpdir(), 'kafka-ca-')), 'ca.crt');
  writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');

  it('require a principal and its password where the process talks to Kafka, naming what is missing', () => {
    expect(() => loadConfig(KafkaClientConfig, {})).toThrow(/KAFKA_USERNAME[\s\S]*KAFKA_PASSWORD/);
  });

  it('are not required of a process that never talks to Kafka', () => {
    expect(loadConfig(ServiceConfig, {}).usesKafka).toBe(false);
  });

  it('connect over TLS as the principal, trusting the given CA', () => {
    const config = loadConfig(KafkaClientConfig, { KAFKA_USERNAME: 'matcher', KAFKA_PASSWORD: 'p'.repeat(32), KAFKA_CA_FILE: ca });
    expect(config.kafkaConnection).toEqual({
      brokers: ['127.0.0.1:9092'],
      mechanism: 'scram-sha-512',
      username: 'matcher',
      password: 'p'.repeat(32),
      ca: expect.stringContaining('BEGIN CERTIFICATE'),
      replication: { factor: 1, minInsync: 1 },
    });
  });

  it('give the topics a service creates one copy by default, and a majority of the copies for a write', () => {
    expect(loadConfig(ServiceConfig, {}).kafkaReplication).toEqual({ factor: 1, minInsync: 1 });
    expect(loadConfig(ServiceConfig, { KAFKA_REPLICATION_FACTOR: '3' }).kafkaReplication).toEqual({ factor: 3, minInsync: 2 });
    expect(loadConfig(ServiceConfig, { KAFKA_REPLICATION_FACTOR: '3', KAFKA_MIN_INSYNC_REPLICAS: '3' }).kafkaReplication).toEqual({
      factor: 3,
      minInsync: 3,
    });
  });

  it('refuse more in-sync copies than copies, and a replication factor below 1', () => {
    expect(() => loadConfig(ServiceConfig, { KAFKA_REPLICATION_FACTOR: '1', KAFKA_MIN_INSYNC_REPLICAS: '2' })).toThrow(
      /KAFKA_MIN_INSYNC_REPLICAS="2": KAFKA_MIN_INSYNC_REPLICAS must be at most KAFKA_REPLICATION_FACTOR/,
    );
    expect(() => loadConfig(ServiceConfig, { KAFKA_REPLICATION_FACTOR: '0' })).toThrow(/KAFKA_REPLICATION_FACTOR=/);
  });

  it('refuse a CA file that cannot be read, and a short password without echoing it', () => {
    let error: unknown;
    try {
      loadConfig(KafkaClientConfig, { KAFKA_USERNAME: 'matcher', KAFKA_PASSWORD: 'short-secret', KAFKA_CA_FILE: '/nonexistent/ca.crt' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(String(error)).toMatch(/KAFKA_CA_FILE must name a readable PEM file/);
    expect(String(error)).toMatch(/KAFKA_PASSWORD=\[redacted\]/);
    expect(String(error)).not.toContain('short-secret');
  });
});
