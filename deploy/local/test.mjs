// `npm test`: format, lint and import rules, then unit specs, then the whole system on a private
// Kafka broker and a fresh database, then the integration, end-to-end and browser specs against it
// (screenshots in test/artifacts/screenshots). Leaves a demo started by `npm start` alone.
// `npm test -- --replicas 2` (or TEST_REPLICAS=2) runs the system specs against two instances of each
// service behind the gateway (instance n on the ports of instance 1 plus 100·(n-1); logs <service>-<n>.log).
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import {
  build,
  checkNode,
  checkSources,
  createAccount,
  ensureChromium,
  ensureDebianTool,
  ensurePostgres,
  fail,
  freshTokenSigningKeyFile,
  randomSecret,
  healthUrl,
  replicasFrom,
  serviceInstances,
  importDirectory,
  kafka,
  kafkaAccess,
  kafkaPasswords,
  provisionDatabaseRoles,
  provisionKafka,
  recreateDatabase,
  ROOT,
  startServices,
  step,
  stopServices,
  waitForHealth,
} from './system.mjs';
import { prepareFhirValidator } from './fhir-validator.mjs';

const ARTIFACTS = resolve(ROOT, 'test/artifacts');
// Ports and names can move (TEST_PORT_BASE, TEST_KAFKA_PORT, TEST_DATABASE_URL), so two checkouts
// can run their tests side by side.
const PORT_BASE = Number(process.env.TEST_PORT_BASE ?? 13000);
const port = (offset) => String(PORT_BASE + offset);
const KAFKA_ENV = {
  KAFKA_PORT: process.env.TEST_KAFKA_PORT ?? '19092',
  KAFKA_CONTROLLER_PORT: process.env.TEST_KAFKA_CONTROLLER_PORT ?? '19093',
};
KAFKA_ENV.KAFKA_DATA_DIR = resolve(homedir(), `.cache/sud-referral/kafka-test-${KAFKA_ENV.KAFKA_PORT}`);
// A stand-in for an organisation's OpenID Connect provider: the identity service trusts this key,
// and the single sign-on spec signs ID tokens with it.
const SSO = { issuer: 'https://sso.test.example', audience: 'sud-referral-test', kid: 'test-key-1' };
const ssoKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ssoPublicJwk = { ...ssoKeys.publicKey.export({ format: 'jwk' }), kid: SSO.kid, alg: 'ES256', use: 'sig' };

const ENV = {
  DATABASE_URL: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/sud_referral_test',
  KAFKA_BROKERS: `127.0.0.1:${KAFKA_ENV.KAFKA_PORT}`,
  GATEWAY_PORT: port(0),
  REGISTRY_PORT: port(1),
  REFERRAL_PORT: port(2),
  MATCHER_PORT: port(3),
  REGISTRY_URL: `http://127.0.0.1:${port(1)}`,
  REFERRAL_URL: `http://127.0.0.1:${port(2)}`,
  MATCHER_URL: `http://127.0.0.1:${port(3)}`,
  IDENTITY_PORT: port(4),
  IDENTITY_URL: `http://127.0.0.1:${port(4)}`,
  E2E_ADMIN_EMAIL: 'admin@test.example',
  E2E_ADMIN_PASSWORD: `test-${randomSecret().slice(0, 16)}`,
  GATEWAY_URL: `http://127.0.0.1:${port(0)}`,
  // Short holds, so the end-to-end specs can watch one expire, yet long enough for the browser journey
  // (sign-in, page loads) to answer inside one on a busy two-core machine.
  BED_HOLD_SECONDS: '45',
  BED_HOLD_SWEEP_MS: '500',
  // Room for the fuzz spec; the rate-limit spec sends one more than this.
  WRITES_PER_MINUTE: '600',
  // Low enough that the abuse-limits spec reaches it with a handful of held beds.
  MAX_OPEN_TASKS_PER_ORGANIZATION: '8',
  // Links in FHIR answers point at the gateway the specs call, whatever Host header a client sends.
  PUBLIC_BASE_URL: `http://127.0.0.1:${port(0)}`,
  // Revoked access ends within this everywhere; short so the revocation spec need not wait 30 s.
  ACCESS_STATUS_CACHE_MS: '2000',
  // Every spec signs in from 127.0.0.1; the sign-in-limits spec uses addresses of its own.
  SIGN_IN_PER_ADDRESS_PER_MINUTE: '600',
  // Each service's internal Prometheus port (never on its API port); the observability spec reads them.
  GATEWAY_METRICS_PORT: port(10),
  REGISTRY_METRICS_PORT: port(11),
  REFERRAL_METRICS_PORT: port(12),
  MATCHER_METRICS_PORT: port(13),
  IDENTITY_METRICS_PORT: port(14),
  OIDC_ISSUER: SSO.issuer,
  OIDC_AUDIENCE: SSO.audience,
  OIDC_JWKS: JSON.stringify({ keys: [ssoPublicJwk] }),
  LOG_LEVEL: 'log',
};

// For the specs only, never for the services: the broker's admin and the test facility system's principal.
const FACILITY_PRINCIPAL = 'facility-test-system';
const SPEC_ENV = {};

// `npm test -- bed-holds` runs only the specs whose path matches, against the same fresh system.
const FILTERS = [];
let replicasArg;
for (let index = 2; index < process.argv.length; index += 1) {
  const arg = process.argv[index];
  if (arg === '--replicas') replicasArg = process.argv[++index] ?? '';
  else if (arg.startsWith('--replicas=')) replicasArg = arg.slice('--replicas='.length);
  else FILTERS.push(arg);
}
// One instance of each service unless asked for more.
const REPLICAS = replicasFrom(replicasArg ?? process.env.TEST_REPLICAS, replicasArg === undefined ? 'TEST_REPLICAS' : '--replicas');
// The specs learn how many instances run (their ports and log files follow from it, see system.mjs).
ENV.TEST_REPLICAS = String(REPLICAS);

// Asynchronous on purpose: while jest runs, this process keeps copying the services' output into
// test/artifacts/logs, so specs can read the logs of what they just did.
async function jest(projects, label) {
  step(`Running ${label}`);
  const report = resolve(ARTIFACTS, `jest-${projects.join('-')}.json`);
  const child = spawn(
    process.execPath,
    [
      '--experimental-vm-modules',
      '--no-warnings=ExperimentalWarning',
      resolve(ROOT, 'node_modules/jest/bin/jest.js'),
      '--selectProjects',
      ...projects,
      '--runInBand',
      '--testTimeout=60000',
      '--json',
      '--outputFile',
      report,
      ...(FILTERS.length > 0 ? ['--passWithNoTests', ...FILTERS] : []),
    ],
    { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...ENV, ...SPEC_ENV } },
  );
  const result = { status: await new Promise((done) => child.on('exit', (code) => done(code))) };
  let counts = { passed: 0, failed: 0 };
  try {
    const summary = JSON.parse(readFileSync(report, 'utf8'));
    counts = { passed: summary.numPassedTests, failed: summary.numFailedTests + summary.numRuntimeErrorTestSuites };
  } catch {
    counts.failed += 1;
  }
  return { ok: result.status === 0, ...counts };
}

checkNode();
// Before anything is built or started: a formatting, lint or import-rule problem stops the run within a minute.
await checkSources();
rmSync(ARTIFACTS, { recursive: true, force: true });
mkdirSync(resolve(ARTIFACTS, 'logs'), { recursive: true });
writeFileSync(
  resolve(ARTIFACTS, 'sso-test-issuer.json'),
  JSON.stringify({ ...SSO, privateJwk: { ...ssoKeys.privateKey.export({ format: 'jwk' }), kid: SSO.kid, alg: 'ES256' } }),
);
build();

// A tool the specs call: xmllint checks EDXL-HAVE documents.
ensureDebianTool('xmllint', 'libxml2-utils', 'the EDXL-HAVE schema checks');
const unit = await jest(['unit'], 'unit tests');
if (!unit.ok) fail(`Unit tests failed.\n${unit.passed} passed, ${unit.failed} failed`);
// Only the system specs need these, so a failed unit run does not wait for apt-get or Maven.
ENV.CHROMIUM_PATH = ensureChromium();
ENV.FHIR_VALIDATOR_CLASSPATH = prepareFhirValidator();

let children = [];
let stopping = false;
let exitCode = 1;
let totals = { passed: unit.passed, failed: unit.failed };
try {
  step(`Starting a private Kafka broker for the tests on port ${KAFKA_ENV.KAFKA_PORT}`);
  kafka('reset', KAFKA_ENV);
  if (kafka('start', KAFKA_ENV) !== 0) throw new Error('the test Kafka broker did not start (see above)');
  step('Creating the Kafka principals of this run (a password each) and their ACLs');
  const kafkaPasswordsOfRun = kafkaPasswords([FACILITY_PRINCIPAL]);
  const provisioned = await provisionKafka(KAFKA_ENV, kafkaPasswordsOfRun, [FACILITY_PRINCIPAL], resolve(ARTIFACTS, 'logs/kafka-acls.log'));
  if (provisioned) throw new Error(provisioned);
  const { KAFKA_ADMIN_BROKERS, KAFKA_ADMIN_PASSWORD, ...clientAccess } = kafkaAccess(KAFKA_ENV);
  Object.assign(ENV, clientAccess);
  Object.assign(SPEC_ENV, {
    KAFKA_ADMIN_BROKERS,
    KAFKA_ADMIN_PASSWORD,
    KAFKA_FACILITY_USERNAME: FACILITY_PRINCIPAL,
    KAFKA_FACILITY_PASSWORD: kafkaPasswordsOfRun[FACILITY_PRINCIPAL],
  });
  await ensurePostgres(ENV.DATABASE_URL);
  step(`Recreating the test database (${ENV.DATABASE_URL})`);
  await recreateDatabase(ENV.DATABASE_URL);
  // The services and their tools use roles of their own; the specs keep the administrator's URL.
  const databaseUrlsOfRun = await provisionDatabaseRoles(ENV.DATABASE_URL);
  importDirectory(['--demo-beds'], { ...ENV, DATABASE_URL: databaseUrlsOfRun['facility-registry'] });
  step(`Starting the services${REPLICAS > 1 ? `, ${REPLICAS} instances of each behind the gateway` : ''} (logs in test/artifacts/logs)`);
  let unexpected = null;
  // Identity alone signs, with a key made for this run; the specs never see it (they sign with keys of their own).
  const servicesEnv = { ...ENV, TOKEN_SIGNING_KEY_FILE: freshTokenSigningKeyFile() };
  const startOptions = {
    kafkaPasswords: kafkaPasswordsOfRun,
    databaseUrls: databaseUrlsOfRun,
    logDir: resolve(ARTIFACTS, 'logs'),
    replicas: REPLICAS,
    onExit: (_service, code, signal, instance) => {
      if (!stopping) unexpected = `${instance.name} exited (${signal ?? code}); see test/artifacts/logs/${instance.name}.log`;
    },
  };
  // Instance 1 of each service first (it migrates the fresh database alone), then the others.
  for (const wave of REPLICAS === 1 ? [[1]] : [[1], Array.from({ length: REPLICAS - 1 }, (_, index) => index + 2)]) {
    children.push(...startServices(servicesEnv, { ...startOptions, instances: wave }));
    for (const { service, instance, name } of serviceInstances(REPLICAS).filter((candidate) => wave.includes(candidate.instance))) {
      await waitForHealth(healthUrl(service, ENV, instance), 180_000, name);
      if (unexpected) throw new Error(unexpected);
    }
  }
  createAccount(
    { email: ENV.E2E_ADMIN_EMAIL, role: 'admin', name: 'Test admin', password: ENV.E2E_ADMIN_PASSWORD },
    { ...ENV, DATABASE_URL: databaseUrlsOfRun.identity },
  );
  const system = await jest(['integration', 'e2e', 'browser'], 'integration, end-to-end and browser tests against Kafka and PostgreSQL');
  totals = { passed: totals.passed + system.passed, failed: totals.failed + system.failed };
  exitCode = system.ok ? 0 : 1;
} catch (error) {
  console.error(`\n✖ ${error.message}`);
  totals.failed += 1;
} finally {
  stopping = true;
  step('Stopping the services and the test broker');
  await stopServices(children);
  kafka('stop', KAFKA_ENV);
}
console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
process.exit(exitCode);
