// What the integration specs beside the code (apps/**/*.int-spec.ts, libs/**/*.int-spec.ts) share: the
// database and broker `npm test` provides, a schema of its own per spec file, and the Kafka tail the
// end-to-end specs use too. The running services share the database and broker with the specs, so each
// spec keeps to its own schema and to keys only it uses.
import { randomBytes } from 'node:crypto';
import { loadConfig } from '#config';
import { dropSchema } from '#persistence';
import { testSigningKeyFile } from './access-tokens.js';
import { DATABASE_URL, KAFKA_ADMIN, KAFKA_CA_FILE } from './environment.js';

export { DATABASE_URL, KAFKA_ADMIN };
export { tailTopic, type ReceivedMessage, type TopicTail } from './kafka-tail.js';

/** Per hook and test: jest reads testTimeout from the root config only, not from a project's. */
export const TIMEOUT_MS = 60_000;

/** A schema of one spec file's own in the test database; serviceDatabaseModule creates it, `drop()` removes it. */
export interface TestSchema {
  readonly databaseUrl: string;
  readonly name: string;
  drop(): Promise<void>;
}

/** A fresh schema named `<prefix>_<8 hex digits>`, so reruns and parallel spec files never meet. */
export function freshSchema(prefix: string): TestSchema {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  return { databaseUrl: DATABASE_URL, name, drop: () => dropSchema(DATABASE_URL, name) };
}

/**
 * A service's validated config for an integration spec: the spec's own schema, the test database and
 * broker, identity's test signing key (only identity's config reads it; see access-tokens.ts) and a relay
 * that never polls (the module is compiled, not started).
 * Specs then import the service's real module, `XModule.forRoot(config)`, instead of re-listing it.
 */
export function integrationConfig<C extends object>(
  cls: new () => C,
  schema: TestSchema,
  overrides: Record<string, string | number> = {},
): C {
  return loadConfig(cls, {
    DATABASE_URL: schema.databaseUrl,
    DATABASE_SCHEMA: schema.name,
    // The admin, so that a spec's module may use any topic; the services' own principals are proved by the e2e suite.
    KAFKA_BROKERS: KAFKA_ADMIN.brokers.join(','),
    KAFKA_USERNAME: KAFKA_ADMIN.username,
    KAFKA_PASSWORD: KAFKA_ADMIN.password,
    KAFKA_SASL_MECHANISM: KAFKA_ADMIN.mechanism,
    KAFKA_CA_FILE,
    TOKEN_SIGNING_KEY_FILE: testSigningKeyFile(),
    OUTBOX_POLL_MS: '60000',
    ...Object.fromEntries(Object.entries(overrides).map(([name, value]) => [name, String(value)])),
  });
}
