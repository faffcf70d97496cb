/**
 * Where `npm test` (deploy/local/test.mjs) started what the specs run against; set the variables to
 * test another deployment. Shared by the integration specs beside the code and the end-to-end specs.
 */
export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/sud_referral_test';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import type { KafkaConnection } from '#config';

/** The clients' listener (SASL SCRAM over TLS): where services and facility systems connect. */
export const KAFKA_BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',');
/** The CA that signed the test broker's certificate (deploy/kafka/tls-certs.sh). */
export const KAFKA_CA_FILE = process.env.KAFKA_CA_FILE ?? `${homedir()}/.cache/sud-referral/kafka-tls/ca.crt`;
// Missing is not an error here: unit specs import this file on machines where no broker has made a CA yet.
const KAFKA_CA = ((): string | undefined => {
  try {
    return readFileSync(KAFKA_CA_FILE, 'utf8');
  } catch {
    return undefined;
  }
})();

/** The broker's admin on its internal listener: what specs use to publish forged events and read any topic. */
export const KAFKA_ADMIN: KafkaConnection = {
  brokers: (process.env.KAFKA_ADMIN_BROKERS ?? '127.0.0.1:19094').split(','),
  mechanism: 'plain',
  username: 'admin',
  password: process.env.KAFKA_ADMIN_PASSWORD ?? '',
  ca: KAFKA_CA,
};

/** A principal on the clients' listener, as a service or a facility system connects. */
export function kafkaPrincipal(username: string, password: string): KafkaConnection {
  return { brokers: KAFKA_BROKERS, mechanism: 'scram-sha-512', username, password, ca: KAFKA_CA };
}

/** The facility-system principal `npm test` creates: it may write bed-count reports and nothing else. */
export const KAFKA_FACILITY_SYSTEM = kafkaPrincipal(process.env.KAFKA_FACILITY_USERNAME ?? '', process.env.KAFKA_FACILITY_PASSWORD ?? '');
export const GATEWAY_URL = process.env.GATEWAY_URL ?? 'http://127.0.0.1:13000';
