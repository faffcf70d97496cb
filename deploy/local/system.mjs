// Shared by `npm start` and `npm test`: builds the code, runs the local Kafka broker, loads the
// directory and supervises the services as child processes. Plain JavaScript so it runs before
// anything is compiled.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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

export function build() {
  step('Compiling TypeScript (tsc -p tsconfig.build.json)');
  const result = spawnSync(process.execPath, [resolve(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) fail('The TypeScript build failed; fix the errors above and run again.');
  step('Building the web app (type check, then vite build into dist/apps/web)');
  const types = spawnSync(process.execPath, [resolve(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'apps/web/tsconfig.json'], { cwd: ROOT, stdio: 'inherit' });
  if (types.status !== 0) fail('The web app does not type-check; fix the errors above and run again.');
  const bundle = spawnSync(process.execPath, [resolve(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'apps/web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (bundle.status !== 0) fail('The web app did not build (vite build, see above); fix it and run again.');
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

export function kafka(command, env = {}) {
  const result = spawnSync('bash', [KAFKA_SCRIPT, command], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

export function kafkaIsRunning(env = {}) {
  const result = spawnSync('bash', [KAFKA_SCRIPT, 'status'], { cwd: ROOT, stdio: 'ignore', env: { ...process.env, ...env } });
  return result.status === 0;
}

export function importDirectory(args, env = {}) {
  step(`Loading the SAMHSA facility directory ${args.join(' ')}`);
  const result = spawnSync(
    process.execPath,
    [resolve(ROOT, 'dist/apps/facility-registry/src/import-directory.cli.js'), ...args],
    { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } },
  );
  if (result.status !== 0) fail('The directory import failed; see the message above.');
}

export const SERVICES = [
  { name: 'facility-registry', entry: 'dist/apps/facility-registry/src/main.js', portVar: 'REGISTRY_PORT', port: 3001 },
  { name: 'referral-service', entry: 'dist/apps/referral-service/src/main.js', portVar: 'REFERRAL_PORT', port: 3002 },
  { name: 'matcher', entry: 'dist/apps/matcher/src/main.js', portVar: 'MATCHER_PORT', port: 3003 },
  { name: 'identity', entry: 'dist/apps/identity/src/main.js', portVar: 'IDENTITY_PORT', port: 3004 },
  { name: 'gateway', entry: 'dist/apps/gateway/src/main.js', portVar: 'GATEWAY_PORT', port: 3000 },
];

/** Each service's port under `env` (the service's own default otherwise). */
export function portOf(service, env = {}) {
  return Number(env[service.portVar] ?? process.env[service.portVar] ?? service.port);
}

export function healthUrl(service, env = {}) {
  return `http://127.0.0.1:${portOf(service, env)}/health/ready`;
}

/** Starts every service; their output is prefixed with the service name. */
export function startServices(env = {}, options = {}) {
  return SERVICES.map((service) => startService(service, env, options));
}

/** Starts one service (again, after a crash or a kill); appends to its log file when given a directory. */
export function startService(service, env = {}, { onExit, logDir } = {}) {
  {
    const child = spawn(process.execPath, ['--enable-source-maps', resolve(ROOT, service.entry)], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const prefix = paint(COLOURS[service.name], `[${service.name}]`.padEnd(20));
    // With a log directory (tests) output goes to one file per service; otherwise to the console.
    const file = logDir ? createWriteStream(resolve(logDir, `${service.name}.log`), { flags: 'a' }) : null;
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
    child.on('exit', (code, signal) => onExit?.(service, code, signal));
    return { service, child };
  }
}

export async function waitForHealth(url, timeoutMs, label) {
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
    if (++dots % 10 === 0) console.log(`   … still waiting for ${label} (${lastProblem})`);
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
export async function ensurePostgres(databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/sud_referral') {
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
  const clusters = local && existsSync('/etc/postgresql') ? spawnSync('ls', ['/etc/postgresql'], { encoding: 'utf8' }).stdout.trim().split('\n') : [];
  if (clusters[0]) {
    step(`PostgreSQL is not answering (${problem}); starting the local cluster ${clusters[0]}/main`);
    spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', clusters[0], 'main', 'start'], { stdio: 'inherit' });
    for (let attempt = 0; attempt < 30 && (problem = await reachable()); attempt += 1) {
      await new Promise((done) => setTimeout(done, 1_000));
    }
  }
  if (problem) fail(`Cannot reach PostgreSQL at ${url.host} (${problem}). Start PostgreSQL or set DATABASE_URL, then run again.`);
}

/** A fresh random secret, for a run that was given none (tokens then last as long as the run). */
export function randomSecret() {
  return randomBytes(32).toString('hex');
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
