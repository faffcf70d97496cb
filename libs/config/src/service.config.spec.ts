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
    });
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
