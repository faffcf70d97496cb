// Shared by `npm start` and `npm test`: builds the code, runs the local Kafka broker, loads the
// directory and supervises the services as child processes. Plain JavaScript so it runs before
// anything is compiled.
import { spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import {
  closeSync,
  createWriteStream,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const KAFKA_SCRIPT = resolve(ROOT, 'deploy/kafka/kafka.sh');

const COLOURS = { 'facility-registry': 36, 'referral-service': 35, matcher: 33, identity: 34, gateway: 32 };
const useColour = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, text) => (useColour ? `\u001b[${code}m${text}\u001b[0m` : text);

export function step(message) {
  console.log(paint(1, `==> ${message}`));
}

export function fail(message) {
  console.error(paint(31, `\n✖ ${message}`));
  process.exit(1);
}

export function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    fail(`Node ${process.versions.node} is too old: install Node 20.19 or newer and run again.`);
  }
  if (!existsSync(resolve(ROOT, 'node_modules'))) fail('Dependencies are missing: run `npm ci` first.');
}

const BUILD_STEPS = [
  {
    title: 'Compiling TypeScript (tsc -p tsconfig.build.json)',
    args: [resolve(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    failure: 'The TypeScript build failed',
  },
  {
    title: 'Building the web app (type check, then vite build into dist/apps/web)',
    args: [resolve(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'apps/web/tsconfig.json'],
    failure: 'The web app does not type-check',
  },
  {
    title: null, // the second half of the web app step
    args: [resolve(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'apps/web/vite.config.ts', '--logLevel', 'warn'],
    failure: 'The web app did not build (vite build)',
  },
];

export function build() {
  for (const { title, args, failure } of BUILD_STEPS) {
    if (title) step(title);
    const result = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
    if (result.status !== 0) fail(`${failure}; fix the errors above and run again.`);
  }
}

/**
 * `build()` for `npm start`: the compilers' output goes to `logFile`, the terminal shows one line
 * with progress. Resolves to null, or to what failed (the log's tail says why).
 */
export async function buildQuietly(logFile) {
  const task = progress('Building the services and the web app');
  for (const { title, args, failure } of BUILD_STEPS) {
    if (title) task.update(title.startsWith('Compiling') ? 'tsc' : 'web app: tsc, then vite build');
    const code = await runLogged(process.execPath, args, { logFile });
    if (code !== 0) {
      task.fail();
      return failure;
    }
  }
  task.done();
  return null;
}

/**
 * A program the tests need from a Debian package, by command name (looked up on PATH) or absolute
 * path: its path. As root, install the package when the program is missing; otherwise say what to
 * install. `otherwise` names another way out, e.g. an environment variable pointing elsewhere.
 */
export function ensureDebianTool(binary, debianPackage, purpose, otherwise = '') {
  const locate = () => (binary.includes('/') ? (existsSync(binary) ? binary : undefined) : onPath(binary));
  const found = locate();
  if (found) return found;
  const advice = `install Debian's package ${debianPackage} (sudo apt-get install ${debianPackage})${otherwise ? ` ${otherwise}` : ''}`;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root || !existsSync('/usr/bin/apt-get')) fail(`No ${binary} for ${purpose}: ${advice}.`);
  step(`Installing ${debianPackage} for ${purpose} (apt-get install ${debianPackage}, one time)`);
  const apt = (args) => spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status;
  const install = () => apt(['install', '-y', '--no-install-recommends', debianPackage]) === 0;
  // A fresh machine may not have package lists yet.
  if (!install() && (apt(['update']) !== 0 || !install())) fail(`${debianPackage} did not install (see apt-get above); ${advice}.`);
  const installed = locate();
  if (!installed) fail(`apt-get installed ${debianPackage} but ${binary} is still missing; ${advice}.`);
  return installed;
}

function onPath(command) {
  for (const directory of (process.env.PATH ?? '').split(':')) {
    if (directory && existsSync(resolve(directory, command))) return resolve(directory, command);
  }
  return undefined;
}

/** The browser specs drive Debian's Chromium (browsers cannot be downloaded here). */
export function ensureChromium(path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium') {
  return ensureDebianTool(path, 'chromium', 'the browser tests', 'or set CHROMIUM_PATH');
}

/**
 * Runs a kafka.sh command (`start`, `stop`, `reset`, ...) with `env` over this process's; returns its exit
 * code. A command with arguments is an array: `kafka(['stop-node', 2], env)`.
 */
export function kafka(command, env = {}) {
  const result = spawnSync('bash', [KAFKA_SCRIPT, ...[command].flat().map(String)], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  return result.status ?? 1;
}

/** `kafka()` with its output appended to `logFile` instead of the terminal; resolves to the exit code. */
export function kafkaLogged(command, logFile, { env = {}, onLine } = {}) {
  return runLogged('bash', [KAFKA_SCRIPT, ...[command].flat().map(String)], { logFile, env, onLine });
}

/**
 * How many Kafka nodes kafka.sh runs under `kafkaEnv` (then this process's environment): KAFKA_NODES, 1 (one
 * broker, the default) or 3 (a cluster: three copies of every partition, writes acknowledged by two).
 */
export function kafkaNodes(kafkaEnv = {}) {
  const nodes = String(kafkaEnv.KAFKA_NODES ?? process.env.KAFKA_NODES ?? '1');
  if (nodes !== '1' && nodes !== '3') fail(`KAFKA_NODES must be 1 (one broker) or 3 (a cluster), not "${nodes}".`);
  return Number(nodes);
}

/**
 * Each node's ports under `kafkaEnv`, as kafka.sh sets them: node N's are node 1's (KAFKA_PORT,
 * KAFKA_CONTROLLER_PORT, KAFKA_INTERNAL_PORT) plus (N-1) × KAFKA_PORT_STEP. For the fault suite, which
 * stops one with `kafka(['stop-node', node], env)` (or `kill-node`) and brings it back with `start-node`.
 */
export function kafkaNodePorts(kafkaEnv = {}) {
  const setting = (name, fallback) => Number(kafkaEnv[name] ?? process.env[name] ?? fallback);
  const port = setting('KAFKA_PORT', 9092);
  const controllerPort = setting('KAFKA_CONTROLLER_PORT', 9093);
  const internalPort = setting('KAFKA_INTERNAL_PORT', controllerPort + 1);
  const step = setting('KAFKA_PORT_STEP', 10);
  return Array.from({ length: kafkaNodes(kafkaEnv) }, (_, index) => ({
    node: index + 1,
    port: port + index * step,
    controllerPort: controllerPort + index * step,
    internalPort: internalPort + index * step,
  }));
}

/** The services that talk to Kafka, each as its own principal (libs/contracts SERVICE_TOPIC_ACCESS). */
export const KAFKA_SERVICE_PRINCIPALS = ['facility-registry', 'referral-service', 'matcher'];

/** A fresh SCRAM password for each service principal and each facility-system principal named: per run. */
export function kafkaPasswords(facilityPrincipals = []) {
  return Object.fromEntries([...KAFKA_SERVICE_PRINCIPALS, ...facilityPrincipals].map((name) => [name, randomSecret()]));
}

/**
 * How the broker, or every node of the cluster, of `kafkaEnv` (KAFKA_NODES, KAFKA_PORT, KAFKA_CONTROLLER_PORT,
 * KAFKA_DATA_DIR as for kafka.sh) is reached: the clients' listeners and the CA every client trusts, the admin
 * on the internal listeners, and the replication the services give the topics they create (1, or 3 on a cluster).
 */
export function kafkaAccess(kafkaEnv = {}) {
  const setting = (name, fallback) => kafkaEnv[name] ?? process.env[name] ?? fallback;
  const nodes = kafkaNodePorts(kafkaEnv);
  const dataDir = setting('KAFKA_DATA_DIR', resolve(homedir(), '.cache/sud-referral/kafka-data'));
  const tlsDir = setting('KAFKA_TLS_DIR', resolve(homedir(), '.cache/sud-referral/kafka-tls'));
  const adminPasswordFile = resolve(dataDir, 'config/admin.password');
  return {
    KAFKA_BROKERS: nodes.map(({ port }) => `127.0.0.1:${port}`).join(','),
    KAFKA_CA_FILE: resolve(tlsDir, 'ca.crt'),
    // The services' topics get a copy on each of a cluster's three nodes; a write needs two of them.
    KAFKA_REPLICATION_FACTOR: String(nodes.length === 1 ? 1 : 3),
    KAFKA_ADMIN_BROKERS: nodes.map(({ internalPort }) => `127.0.0.1:${internalPort}`).join(','),
    KAFKA_ADMIN_PASSWORD: existsSync(adminPasswordFile) ? readFileSync(adminPasswordFile, 'utf8').trim() : '',
  };
}

/** kafkajs settings for the broker's admin (internal listener, PLAIN over TLS): for tools that read or replay any topic. */
export function kafkaAdminClient(kafkaEnv = {}) {
  const access = kafkaAccess(kafkaEnv);
  return {
    brokers: access.KAFKA_ADMIN_BROKERS.split(','),
    ssl: { ca: [readFileSync(access.KAFKA_CA_FILE, 'utf8')] },
    sasl: { mechanism: 'plain', username: 'admin', password: access.KAFKA_ADMIN_PASSWORD },
  };
}

/**
 * Gives every principal in `passwords` its SCRAM credentials (kafka.sh scram-user, side by side), then
 * sets the ACLs: each service exactly its topics, each facility system only bed-count reports. Needs
 * the build (the ACL tool is compiled). Output goes to `logFile`; resolves to null or what failed.
 * Credentials and ACLs are cluster metadata: on a cluster, once through any node serves every node.
 */
export async function provisionKafka(kafkaEnv, passwords, facilityPrincipals, logFile) {
  const env = { ...kafkaEnv };
  const users = await Promise.all(
    Object.entries(passwords).map(
      ([name, password]) =>
        new Promise((done) => {
          const child = spawn('bash', [KAFKA_SCRIPT, 'scram-user', name], {
            cwd: ROOT,
            env: { ...process.env, ...env },
            stdio: ['pipe', 'ignore', 'pipe'],
          });
          let errors = '';
          child.stderr.on('data', (chunk) => (errors += chunk));
          child.on('close', (code) => done(code === 0 ? null : `${name}: ${errors.trim() || `exit ${code}`}`));
          child.stdin.end(`${password}\n`);
        }),
    ),
  );
  const failed = users.filter(Boolean);
  if (failed.length > 0) return `Kafka SCRAM credentials could not be set (${failed.join('; ')})`;
  const access = kafkaAccess(kafkaEnv);
  const acls = await runLogged(
    process.execPath,
    [resolve(ROOT, 'dist/libs/messaging/src/kafka/kafka-acls.cli.js'), ...facilityPrincipals.flatMap((name) => ['--facility', name])],
    {
      logFile,
      env: {
        KAFKA_BROKERS: access.KAFKA_ADMIN_BROKERS,
        KAFKA_USERNAME: 'admin',
        KAFKA_PASSWORD: access.KAFKA_ADMIN_PASSWORD,
        KAFKA_SASL_MECHANISM: 'plain',
        KAFKA_CA_FILE: access.KAFKA_CA_FILE,
      },
    },
  );
  return acls === 0 ? null : `the Kafka ACLs could not be set (see ${logFile})`;
}

/** Whether the broker, or every node of the cluster (KAFKA_NODES=3), of `env` is running (kafka.sh status). */
export function kafkaIsRunning(env = {}) {
  const result = spawnSync('bash', [KAFKA_SCRIPT, 'status'], { cwd: ROOT, stdio: 'ignore', env: { ...process.env, ...env } });
  return result.status === 0;
}

export function importDirectory(args, env = {}) {
  step(`Loading the SAMHSA facility directory ${args.join(' ')}`);
  const result = spawnSync(process.execPath, [resolve(ROOT, 'dist/apps/facility-registry/src/import-directory.cli.js'), ...args], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  if (result.status !== 0) fail('The directory import failed; see the message above.');
}

/** `importDirectory()` with its output in `logFile`; `onLine` sees each line (progress, then the result). */
export function importDirectoryLogged(args, logFile, { env = {}, onLine } = {}) {
  return runLogged(process.execPath, [resolve(ROOT, 'dist/apps/facility-registry/src/import-directory.cli.js'), ...args], {
    logFile,
    env,
    onLine,
  });
}

// `urlVar`: the gateway's variable naming the service's instances; a service with one runs `replicas`
// instances behind the gateway, the gateway itself (without) always one.
export const SERVICES = [
  {
    name: 'facility-registry',
    entry: 'dist/apps/facility-registry/src/main.js',
    portVar: 'REGISTRY_PORT',
    port: 3001,
    metricsPortVar: 'REGISTRY_METRICS_PORT',
    metricsPort: 3011,
    urlVar: 'REGISTRY_URL',
  },
  {
    name: 'referral-service',
    entry: 'dist/apps/referral-service/src/main.js',
    portVar: 'REFERRAL_PORT',
    port: 3002,
    metricsPortVar: 'REFERRAL_METRICS_PORT',
    metricsPort: 3012,
    urlVar: 'REFERRAL_URL',
  },
  {
    name: 'matcher',
    entry: 'dist/apps/matcher/src/main.js',
    portVar: 'MATCHER_PORT',
    port: 3003,
    metricsPortVar: 'MATCHER_METRICS_PORT',
    metricsPort: 3013,
    urlVar: 'MATCHER_URL',
  },
  {
    name: 'identity',
    entry: 'dist/apps/identity/src/main.js',
    portVar: 'IDENTITY_PORT',
    port: 3004,
    metricsPortVar: 'IDENTITY_METRICS_PORT',
    metricsPort: 3014,
    urlVar: 'IDENTITY_URL',
  },
  {
    name: 'gateway',
    entry: 'dist/apps/gateway/src/main.js',
    portVar: 'GATEWAY_PORT',
    port: 3000,
    metricsPortVar: 'GATEWAY_METRICS_PORT',
    metricsPort: 3010,
  },
];

/**
 * Instance n of a service listens this much times (n - 1) above instance 1, its API and its metrics
 * alike: the registry on 3001, 3101, 3201..., its metrics on 3011, 3111, 3211... (from the ports `env` gives).
 */
export const INSTANCE_PORT_STEP = 100;
export const MAX_REPLICAS = 9;

/** `--replicas N` or its variable: how many instances of each service to run (1 to MAX_REPLICAS); exits on anything else. */
export function replicasFrom(value, source) {
  if (value === undefined || value === '') return 1;
  const replicas = Number(value);
  if (!Number.isInteger(replicas) || replicas < 1 || replicas > MAX_REPLICAS) {
    fail(`${source} must be a whole number from 1 to ${MAX_REPLICAS} (instances of each service), not "${value}".`);
  }
  return replicas;
}

/** How many instances of `service` run: `replicas`, or one for the gateway (it spreads requests over the others). */
export function replicasOf(service, replicas = 1) {
  return service.urlVar ? replicas : 1;
}

/** An instance's name, in messages and for its log file: the service's own for instance 1, `<service>-<n>` after. */
export function instanceName(service, instance = 1) {
  return instance === 1 ? service.name : `${service.name}-${instance}`;
}

/** Every instance to run, service by service: `{ service, instance, name }`. */
export function serviceInstances(replicas = 1) {
  return SERVICES.flatMap((service) =>
    Array.from({ length: replicasOf(service, replicas) }, (_, index) => ({
      service,
      instance: index + 1,
      name: instanceName(service, index + 1),
    })),
  );
}

/** Each service's port under `env` (the service's own default otherwise), for instance `instance` of it. */
export function portOf(service, env = {}, instance = 1) {
  return Number(env[service.portVar] ?? process.env[service.portVar] ?? service.port) + INSTANCE_PORT_STEP * (instance - 1);
}

/** Where an instance answers Prometheus (its *_METRICS_PORT). */
export function metricsPortOf(service, env = {}, instance = 1) {
  return (
    Number(env[service.metricsPortVar] ?? process.env[service.metricsPortVar] ?? service.metricsPort) + INSTANCE_PORT_STEP * (instance - 1)
  );
}

export function healthUrl(service, env = {}, instance = 1) {
  return `http://127.0.0.1:${portOf(service, env, instance)}/health/ready`;
}

/**
 * Starts every instance (`replicas` of each service, see serviceInstances), or only those numbered in
 * `instances`: on a fresh database two instances must not run a service's migrations at once, so callers
 * start instance 1 of each, wait for it, then the others.
 */
export function startServices(env = {}, options = {}) {
  const { replicas = 1, instances } = options;
  return serviceInstances(replicas)
    .filter(({ instance }) => !instances || instances.includes(instance))
    .map(({ service, instance }) => startService(service, env, { ...options, instance, replicas }));
}

/** Variables only identity may see: where its token-signing keys are (the others verify with its published public keys). */
const IDENTITY_ONLY = ['TOKEN_SIGNING_KEY_FILE', 'TOKEN_PREVIOUS_KEY_FILE'];

/**
 * One instance's environment: this process's, then `env`, without identity's signing keys for any other
 * service. Instance n gets its own ports; with several instances, the gateway gets every instance of each
 * service, and instance n of a service asks instance n of identity (spreading those calls too).
 */
function environmentOf(service, env, instance = 1, replicas = 1) {
  const environment = { ...process.env, ...env };
  if (service.name !== 'identity') for (const name of IDENTITY_ONLY) delete environment[name];
  if (instance > 1) {
    environment[service.portVar] = String(portOf(service, env, instance));
    environment[service.metricsPortVar] = String(metricsPortOf(service, env, instance));
  }
  if (replicas > 1) {
    const urls = (other) =>
      Array.from({ length: replicasOf(other, replicas) }, (_, index) => `http://127.0.0.1:${portOf(other, env, index + 1)}`);
    if (!service.urlVar)
      for (const other of SERVICES.filter((candidate) => candidate.urlVar)) environment[other.urlVar] = urls(other).join(',');
    else if (service.name !== 'identity')
      environment.IDENTITY_URL = urls(SERVICES.find((other) => other.name === 'identity'))[instance - 1];
  }
  return environment;
}

/**
 * Starts one instance of a service (again, after a crash or a kill); appends to its log file
 * (`<service>.log`, `<service>-<n>.log` for instance n) when given a directory. `onExit` gets the
 * service, the exit code and signal, and `{ instance, name }`.
 */
export function startService(
  service,
  env = {},
  { onExit, logDir, kafkaPasswords = {}, databaseUrls = {}, instance = 1, replicas = 1 } = {},
) {
  {
    // Each service gets its own Kafka principal and database role, never another's; its instances share them.
    const kafkaPassword = kafkaPasswords[service.name];
    const own = {
      ...(kafkaPassword ? { KAFKA_USERNAME: service.name, KAFKA_PASSWORD: kafkaPassword } : {}),
      ...(databaseUrls[service.name] ? { DATABASE_URL: databaseUrls[service.name] } : {}),
    };
    const name = instanceName(service, instance);
    const child = spawn(process.execPath, ['--enable-source-maps', resolve(ROOT, service.entry)], {
      cwd: ROOT,
      env: { ...environmentOf(service, env, instance, replicas), ...own },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const prefix = paint(COLOURS[service.name], `[${name}]`.padEnd(20));
    // With a log directory (tests) output goes to one file per instance; otherwise to the console.
    const file = logDir ? createWriteStream(resolve(logDir, `${name}.log`), { flags: 'a' }) : null;
    for (const stream of [child.stdout, child.stderr]) {
      if (file) {
        stream.pipe(file, { end: false });
        continue;
      }
      let buffered = '';
      stream.on('data', (chunk) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop();
        for (const line of lines) console.log(`${prefix} ${line}`);
      });
    }
    child.on('exit', (code, signal) => onExit?.(service, code, signal, { instance, name }));
    return { service, instance, name, child };
  }
}

/** Waits until `url` answers 2xx; every 5 s without an answer calls `onWait` (prints a line by default). */
export async function waitForHealth(url, timeoutMs, label, { onWait } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'no answer yet';
  let dots = 0;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
      lastProblem = `HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`;
    } catch (error) {
      lastProblem = error.message;
    }
    if (++dots % 10 === 0) {
      if (onWait) onWait(lastProblem);
      else console.log(`   … still waiting for ${label} (${lastProblem})`);
    }
    await new Promise((done) => setTimeout(done, 500));
  }
  throw new Error(`${label} was not ready after ${Math.round(timeoutMs / 1000)} s: ${lastProblem}`);
}

export async function stopServices(children, timeoutMs = 15_000) {
  await Promise.all(
    children.map(
      ({ child }) =>
        new Promise((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
          child.once('exit', () => {
            clearTimeout(timer);
            done();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
}

/** Drops and recreates a database, for a clean test run. */
export async function recreateDatabase(databaseUrl) {
  const { default: pg } = await import('pg');
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  try {
    await client.connect();
  } catch (error) {
    fail(`Cannot reach PostgreSQL at ${url.host} (${error.message}). Start PostgreSQL or set DATABASE_URL.`);
  }
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
}

/**
 * Makes sure PostgreSQL answers at DATABASE_URL. On a Debian machine with a local cluster that is
 * merely stopped, starts it; otherwise says what to do.
 */
export async function ensurePostgres(databaseUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL) {
  const { default: pg } = await import('pg');
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  const reachable = async () => {
    const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 3_000 });
    try {
      await client.connect();
      await client.end();
      return null;
    } catch (error) {
      return error.message;
    }
  };
  let problem = await reachable();
  if (!problem) return;
  const local = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  const clusters =
    local && existsSync('/etc/postgresql') ? spawnSync('ls', ['/etc/postgresql'], { encoding: 'utf8' }).stdout.trim().split('\n') : [];
  if (clusters[0]) {
    step(`PostgreSQL is not answering (${problem}); starting the local cluster ${clusters[0]}/main`);
    spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', clusters[0], 'main', 'start'], { stdio: 'inherit' });
    for (let attempt = 0; attempt < 30 && (problem = await reachable()); attempt += 1) {
      await new Promise((done) => setTimeout(done, 1_000));
    }
  }
  if (problem) fail(`Cannot reach PostgreSQL at ${url.host} (${problem}). Start PostgreSQL or set DATABASE_URL, then run again.`);
}

/** The database `npm start` uses unless DATABASE_URL names another, as PostgreSQL's administrator. */
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/sud_referral';

/** The services with a database, and the schema each owns. */
export const DATABASE_SCHEMAS = { 'facility-registry': 'registry', 'referral-service': 'referral', identity: 'identity' };

/** A fresh password for each service's database role: per run. */
export function databasePasswords() {
  return Object.fromEntries(Object.keys(DATABASE_SCHEMAS).map((service) => [service, randomSecret()]));
}

const roleOf = (database, schema) => `${database}_${schema}`.replace(/[^a-z0-9_]/g, '_');

/** Each service's DATABASE_URL: the database of `adminUrl`, as the service's own role with its password. */
export function databaseUrls(adminUrl, passwords) {
  const database = decodeURIComponent(new URL(adminUrl).pathname.slice(1));
  return Object.fromEntries(
    Object.entries(DATABASE_SCHEMAS).map(([service, schema]) => {
      const own = new URL(adminUrl);
      own.username = roleOf(database, schema);
      own.password = passwords[service];
      return [service, own.toString()];
    }),
  );
}

/**
 * Gives each service with a database a login role of its own, owner of its schema and of everything
 * in it, with no right to create schemas or reach another's (connecting as the superuser in
 * `adminUrl`). The role is `<database>_<schema>`, so two databases on one server keep apart; its
 * password is the run's (`databasePasswords()`). Resolves to each service's DATABASE_URL.
 */
export async function provisionDatabaseRoles(adminUrl, passwords = databasePasswords()) {
  const { default: pg } = await import('pg');
  const url = new URL(adminUrl);
  const database = decodeURIComponent(url.pathname.slice(1));
  const serverUrl = new URL(adminUrl);
  serverUrl.pathname = '/postgres';
  const server = new pg.Client({ connectionString: serverUrl.toString() });
  await server.connect();
  try {
    const exists = await server.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await server.query(`CREATE DATABASE "${database}"`);
  } finally {
    await server.end();
  }
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    // Only the roles granted below may connect to this database; none may create schemas in it.
    await client.query(`REVOKE ALL ON DATABASE "${database}" FROM PUBLIC`);
    for (const [service, schema] of Object.entries(DATABASE_SCHEMAS)) {
      const role = roleOf(database, schema);
      const password = passwords[service];
      const known = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
      const verb = known.rowCount === 0 ? 'CREATE' : 'ALTER';
      await client.query(`${verb} ROLE "${role}" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '${password}'`);
      await client.query(`GRANT CONNECT, TEMPORARY ON DATABASE "${database}" TO "${role}"`);
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      // A database from before roles: hand the schema's tables, sequences and functions to the role.
      await client.query(`ALTER SCHEMA "${schema}" OWNER TO "${role}"`);
      await client.query(
        `DO $$ DECLARE item record; BEGIN
           FOR item IN SELECT format('ALTER %s %I.%I OWNER TO %I',
                                     CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END,
                                     n.nspname, c.relname, $2) AS sql
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm') AND pg_get_userbyid(c.relowner) <> $2 LOOP
             EXECUTE item.sql;
           END LOOP;
           FOR item IN SELECT format('ALTER TYPE %I.%I OWNER TO %I', n.nspname, t.typname, $2) AS sql
             FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
             WHERE n.nspname = $1 AND t.typtype IN ('e', 'd') AND pg_get_userbyid(t.typowner) <> $2 LOOP
             EXECUTE item.sql;
           END LOOP;
           FOR item IN SELECT format('ALTER ROUTINE %s OWNER TO %I', p.oid::regprocedure, $2) AS sql
             FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname = $1 AND pg_get_userbyid(p.proowner) <> $2 LOOP
             EXECUTE item.sql;
           END LOOP;
         END $$`
          .replace(/\$1/g, `'${schema}'`)
          .replace(/\$2/g, `'${role}'`),
      );
    }
  } finally {
    await client.end();
  }
  return databaseUrls(adminUrl, passwords);
}

/** A fresh random secret, for a run that was given none. */
export function randomSecret() {
  return randomBytes(32).toString('hex');
}

/**
 * A fresh P-256 key for identity to sign this run's access tokens with (ES256), for a run given no
 * TOKEN_SIGNING_KEY_FILE: a PKCS#8 PEM file only this user may read, in a private directory removed when
 * the run ends (tokens then last as long as the run). Returns the file's path.
 */
export function freshTokenSigningKeyFile() {
  const directory = mkdtempSync(join(tmpdir(), 'sud-referral-token-key-'));
  const file = join(directory, 'token-signing-key.pem');
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  process.once('exit', () => rmSync(directory, { recursive: true, force: true }));
  return file;
}

/** Creates (or updates) an account through the identity CLI; the password travels in the environment. */
export function createAccount({ email, role, name, password, facilityIds = [], organization }, env = {}) {
  const args = ['--email', email, '--role', role, '--name', name ?? email];
  if (facilityIds.length > 0) args.push('--facility-ids', facilityIds.join(','));
  if (organization) args.push('--organization', organization);
  const result = spawnSync(process.execPath, [resolve(ROOT, 'dist/apps/identity/src/create-account.cli.js'), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env, ACCOUNT_PASSWORD: password ?? '' },
  });
  if (result.status !== 0) fail(`Could not create the account ${email}; see the message above.`);
}

/** A facility from the running registry to attach demo staff to. */
export async function findFacility(gatewayUrl, query) {
  const response = await fetch(`${gatewayUrl}/api/facilities?${query}&pageSize=1`);
  const page = await response.json();
  return page.items?.[0];
}

// ---------------------------------------------------------------- quiet runs (npm start)

/** The child processes `runLogged` has running, so a Ctrl-C can stop them. */
export const runningCommands = new Set();

/**
 * Runs a command with its output appended to `logFile` (stdout and stderr, as written); `onLine`
 * sees each complete line. Resolves to the exit code (1 for a signal or a spawn error).
 */
export function runLogged(command, args, { logFile, env = {}, onLine } = {}) {
  return new Promise((done) => {
    const file = createWriteStream(logFile, { flags: 'a' });
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    runningCommands.add(child);
    for (const stream of [child.stdout, child.stderr]) {
      let buffered = '';
      stream.on('data', (chunk) => {
        file.write(chunk);
        if (!onLine) return;
        buffered += chunk.toString();
        const lines = buffered.split(/\r?\n|\r/);
        buffered = lines.pop();
        for (const line of lines) if (line.trim()) onLine(line);
      });
    }
    const finish = (code) => {
      runningCommands.delete(child);
      file.end(() => done(code));
    };
    child.on('error', (error) => {
      file.write(`${command}: ${error.message}\n`);
      finish(1);
    });
    child.on('close', (code) => finish(code ?? 1));
  });
}

/** Runs a command with its output kept, not shown; resolves to `{ code, output }` (stdout and stderr as written). */
export function runCaptured(command, args, { env = {} } = {}) {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    runningCommands.add(child);
    let output = '';
    for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk) => (output += chunk.toString()));
    const finish = (code) => {
      runningCommands.delete(child);
      done({ code, output });
    };
    child.on('error', (error) => {
      output += `${command}: ${error.message}\n`;
      finish(1);
    });
    child.on('close', (code) => finish(code ?? 1));
  });
}

/**
 * Format (Prettier), lint (ESLint) and import rules (dependency-cruiser), each as its npm script so
 * the commands live in package.json only. Quiet while they pass; on failure prints each failing
 * tool's output and exits, naming the command that fixes it.
 */
export async function checkSources() {
  const checks = [
    { script: 'format:check', tool: 'Prettier', fix: 'Code is not formatted: run `npm run format`, then review the diff.' },
    {
      script: 'lint',
      tool: 'ESLint',
      fix: 'Lint errors: run `npm run lint:fix` for what ESLint fixes itself, fix the rest by hand, recheck with `npm run lint`.',
    },
    {
      script: 'lint:deps',
      tool: 'dependency-cruiser',
      fix: 'Import rules are broken: the domain must not import I/O, apps must not import each other (`npm run lint:deps`).',
    },
  ];
  const task = progress('Checking format, lint and import rules');
  const failed = [];
  for (const check of checks) {
    task.update(check.tool);
    const npm = process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath]] : ['npm', []];
    const { code, output } = await runCaptured(npm[0], [...npm[1], 'run', '--silent', check.script]);
    if (code !== 0) failed.push({ ...check, output });
  }
  if (failed.length === 0) return task.done('format, lint and import rules pass');
  task.fail(`${failed.map((check) => check.tool).join(', ')} failed`);
  for (const check of failed) console.error(`\n${paint(1, `--- ${check.tool} (npm run ${check.script})`)}\n${check.output.trimEnd()}`);
  fail(failed.map((check) => check.fix).join('\n  '));
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * One step on one terminal line: `==> title  ⠋ detail  12 s`, redrawn in place on a terminal, then
 * `✔ result (12.3 s)` or `✖`. Without a terminal: the title when it starts, the result when it ends.
 */
export function progress(title, { indent = '' } = {}) {
  const started = Date.now();
  const interactive = process.stdout.isTTY;
  const head = indent ? `${indent}${title}` : paint(1, `==> ${title}`);
  let detail = '';
  let frame = 0;
  const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  const fit = (text) => {
    const width = (process.stdout.columns || 100) - 1;
    // Colour codes take no room on screen.
    const visible = stripVTControlCharacters(text);
    return visible.length <= width ? text : `${visible.slice(0, width - 1)}…`;
  };
  const draw = () => {
    process.stdout.write(
      `\r\u001b[K` +
        fit(`${head}  ${SPINNER[frame++ % SPINNER.length]} ${detail}${detail ? '  ' : ''}${Math.round((Date.now() - started) / 1000)} s`),
    );
  };
  let timer = null;
  if (interactive) {
    draw();
    timer = setInterval(draw, 100);
  } else if (!indent) {
    console.log(head);
  }
  let lastPrinted = Date.now();
  const end = (mark, text) => {
    if (timer) clearInterval(timer);
    timer = null;
    if (interactive) process.stdout.write(`\r\u001b[K${fit(`${head}  ${mark} ${text}`)}\n`);
    else console.log(indent ? `${head}  ${mark} ${text}` : `    ${mark} ${text}`);
  };
  return {
    /** What is going on now; without a terminal, printed at most every 15 s. */
    update(text) {
      detail = text;
      if (!interactive && Date.now() - lastPrinted > 15_000) {
        lastPrinted = Date.now();
        console.log(`${indent || '    '}… ${text}`);
      }
    },
    done(result = 'done') {
      end(paint(32, '✔'), `${result} (${seconds()})`);
    },
    fail(result = 'failed') {
      end(paint(31, '✖'), `${result} (${seconds()})`);
    },
  };
}

/** The last `count` lines of a file ('' when it does not exist). */
export function tailOf(file, count = 20) {
  if (!existsSync(file)) return [];
  const size = statSync(file).size;
  const length = Math.min(size, 256 * 1024);
  const buffer = Buffer.alloc(length);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buffer, 0, length, size - length);
  } finally {
    closeSync(fd);
  }
  return buffer
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim())
    .slice(-count);
}

const LEVELS = { 10: ['TRACE', 90], 20: ['DEBUG', 90], 30: ['INFO', 32], 40: ['WARN', 33], 50: ['ERROR', 31], 60: ['FATAL', 31] };
const SHOWN_ELSEWHERE = new Set([
  'level',
  'time',
  'service',
  'context',
  'msg',
  'req',
  'res',
  'err',
  'correlationId',
  'method',
  'url',
  'statusCode',
  'responseTime',
  'pid',
  'hostname',
]);

/**
 * A service's JSON log line (pino) as one readable line:
 * `03:12:13.553 gateway           INFO  [Proxy] proxied  GET /api/facilities → 200 in 82 ms  cid=d998e1f2`.
 * Lines that are not JSON come back as they are, after the service name.
 */
export function formatLogLine(line, service = '') {
  let entry;
  try {
    entry = JSON.parse(line);
  } catch {
    entry = null;
  }
  // A later instance's lines (`service` as `<service>-<n>`) keep its number; the colour is its service's.
  const shown = typeof entry?.service === 'string' && !service.startsWith(`${entry.service}-`) ? entry.service : service;
  const name = shown.padEnd(17);
  const colouredName = paint(COLOURS[shown.replace(/-\d+$/, '')] ?? 0, name);
  if (!entry || typeof entry !== 'object') return `${' '.repeat(12)} ${colouredName} ${line}`;
  const time = new Date(entry.time ?? Date.now());
  const clock = `${time.toTimeString().slice(0, 8)}.${String(time.getMilliseconds()).padStart(3, '0')}`;
  const [levelName, levelColour] = LEVELS[entry.level] ?? [String(entry.level ?? '?').toUpperCase(), 0];
  const parts = [];
  if (entry.context) parts.push(paint(2, `[${entry.context}]`));
  parts.push(entry.msg ?? '');
  const method = entry.method ?? entry.req?.method;
  const url = entry.url ?? entry.req?.url;
  const status = entry.statusCode ?? entry.res?.statusCode;
  if (method || url) parts.push(` ${method ?? ''} ${url ?? ''}`.trimEnd());
  if (status !== undefined) parts.push(`→ ${status}`);
  if (entry.responseTime !== undefined) parts.push(`in ${entry.responseTime} ms`);
  for (const [key, value] of Object.entries(entry)) {
    if (SHOWN_ELSEWHERE.has(key)) continue;
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    parts.push(paint(2, `${key}=${text.length > 200 ? `${text.slice(0, 199)}…` : text}`));
  }
  if (entry.correlationId) parts.push(paint(2, `cid=${String(entry.correlationId).slice(0, 8)}`));
  let text = `${paint(2, clock)} ${colouredName} ${paint(levelColour, levelName.padEnd(5))} ${parts.join(' ')}`;
  const error = entry.err;
  if (error) text += `\n${String(error.stack ?? error.message ?? JSON.stringify(error)).replace(/^/gm, '    ')}`;
  return text;
}
