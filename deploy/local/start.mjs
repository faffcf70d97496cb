// `npm start`: the whole system on this machine, with the real directory, demo bed counts and demo accounts.
// The terminal shows the steps and a summary; the services' JSON logs go to logs/<service>.log.
// `npm start -- --logs` follows those logs readably: in this terminal after the summary, or, when
// another `npm start` is already running, the logs of that one (Ctrl-C then stops only the following).
// `npm start -- --replicas 2` (or REPLICAS=2) runs two instances of each service behind the gateway.
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, relative, resolve } from 'node:path';
import {
  buildQuietly,
  checkNode,
  ensurePostgres,
  findFacility,
  formatLogLine,
  freshTokenSigningKeyFile,
  healthUrl,
  importDirectoryLogged,
  INSTANCE_PORT_STEP,
  MAX_REPLICAS,
  metricsPortOf,
  replicasFrom,
  replicasOf,
  serviceInstances,
  kafkaAccess,
  kafkaIsRunning,
  kafkaLogged,
  kafkaPasswords,
  DEFAULT_DATABASE_URL,
  provisionDatabaseRoles,
  provisionKafka,
  portOf,
  progress,
  randomSecret,
  ROOT,
  runLogged,
  runningCommands,
  SERVICES,
  startServices,
  step,
  stopServices,
  tailOf,
  waitForHealth,
} from './system.mjs';

const LOG_DIR = resolve(ROOT, 'logs');
const PID_FILE = resolve(LOG_DIR, 'npm-start.pid');
const shown = (file) => relative(process.cwd(), file) || file;
const logOf = (name) => resolve(LOG_DIR, `${name}.log`);
// The Kafka principal of a demo facility bed-management system (README: the Kafka client example).
const DEMO_FACILITY_PRINCIPAL = 'facility-demo-system';

const args = [];
let replicasArg;
for (let index = 2; index < process.argv.length; index += 1) {
  const arg = process.argv[index];
  if (arg === '--replicas') replicasArg = process.argv[++index] ?? '';
  else if (arg.startsWith('--replicas=')) replicasArg = arg.slice('--replicas='.length);
  else args.push(arg);
}
const followLogs = args.includes('--logs');
const onlyServices = args.filter((arg) => !arg.startsWith('-'));
const unknownService = onlyServices.find((name) => !SERVICES.some((service) => service.name === name));
if (args.includes('--help') || args.includes('-h') || args.some((arg) => arg.startsWith('-') && arg !== '--logs') || unknownService) {
  console.log(`Usage: npm start [-- [--replicas N] [--logs [service ...]]]
  npm start                 build, start Kafka, load the directory, start the services; logs go to logs/
  npm start -- --logs       the same, then follow the services' logs readably in this terminal;
                            while another npm start runs, only follow its logs
  npm start -- --replicas 2 run N instances (1 to ${MAX_REPLICAS}; or REPLICAS=N) of every service but the gateway,
                            which spreads requests over them and sends a request on when an instance is down.
                            Instance n listens ${INSTANCE_PORT_STEP}·(n-1) above instance 1, API and metrics alike
                            (facility-registry 3001, 3101; its metrics 3011, 3111) and logs to logs/<service>-<n>.log
  services: ${SERVICES.map((service) => service.name).join(', ')} (all when none is named; --logs follows all their instances)`);
  process.exit(args.includes('--help') || args.includes('-h') ? 0 : 1);
}
const replicas = replicasFrom(replicasArg ?? process.env.REPLICAS, replicasArg === undefined ? 'REPLICAS' : '--replicas');

const running = runningStart();
if (running) {
  if (followLogs) {
    console.log(
      `npm start is running (pid ${running}); following its logs in ${shown(LOG_DIR)}/ (Ctrl-C stops following, not the system).`,
    );
    follow();
  } else {
    console.error(`npm start is already running (pid ${running}); stop it with Ctrl-C in its terminal (or kill -INT ${running}).
Follow its logs with: npm start -- --logs`);
    process.exit(1);
  }
} else {
  await start();
}

/** The pid of another `npm start` of this checkout that is still alive, if any. */
function runningStart() {
  if (!existsSync(PID_FILE)) return null;
  const pid = Number(readFileSync(PID_FILE, 'utf8').trim());
  if (!pid || pid === process.pid) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

async function start() {
  checkNode();
  mkdirSync(LOG_DIR, { recursive: true });
  writeFileSync(PID_FILE, `${process.pid}\n`);
  // Each run starts its logs afresh; an earlier run's logs of instances this one does not run go.
  for (const name of ['build', 'kafka', 'directory', 'accounts', ...serviceInstances(replicas).map((instance) => instance.name)])
    writeFileSync(logOf(name), '');
  for (const file of instanceLogFiles(SERVICES.map((service) => service.name))) {
    if (!serviceInstances(replicas).some((instance) => logOf(instance.name) === file)) unlinkSync(file);
  }

  let children = [];
  let kafkaStarted = false;
  let stopping = false;
  let stopped = false;
  async function shutdown(exitCode) {
    if (stopping) return;
    stopping = true;
    for (const child of runningCommands) child.kill('SIGTERM');
    if (children.length > 0) {
      const task = progress('Stopping the services');
      await stopServices(children);
      task.done();
    }
    if (kafkaStarted) {
      const task = progress('Stopping Kafka');
      if ((await kafkaLogged('stop', logOf('kafka'))) === 0) task.done();
      else task.fail(`see ${shown(logOf('kafka'))}`);
    }
    try {
      unlinkSync(PID_FILE);
    } catch {
      // already gone
    }
    stopped = true;
    process.exit(exitCode);
  }
  // Ctrl-C stops whatever this run has started so far.
  process.on('SIGINT', () => {
    if (!stopping && process.stdout.isTTY) process.stdout.write('\n');
    void shutdown(0);
  });
  process.on('SIGTERM', () => void shutdown(0));
  process.on('exit', () => {
    if (!stopped) {
      try {
        unlinkSync(PID_FILE);
      } catch {
        // already gone
      }
    }
  });

  /** Says what failed, shows the end of its log, and stops everything. */
  async function abort(message, logFile, { pretty = false, lines = 25 } = {}) {
    if (stopping) return new Promise(() => {});
    console.error(`\n\u001b[31m✖ ${message}\u001b[0m`);
    const tail = tailOf(logFile, lines);
    if (tail.length > 0) {
      console.error(`  Last lines of ${shown(logFile)}:`);
      for (const line of tail) console.error(`    ${pretty ? formatLogLine(line).replace(/\n/g, '\n    ') : line}`);
    }
    console.error(`  Full log: ${shown(logFile)}\n`);
    await shutdown(1);
    return new Promise(() => {});
  }

  const built = await buildQuietly(logOf('build'));
  if (built) await abort(`${built}; fix it and run again.`, logOf('build'), { lines: 40 });

  await ensurePostgres();

  if (kafkaIsRunning()) {
    step('Kafka is already running; using it (deploy/kafka/kafka.sh logs follows its log)');
  } else {
    const task = progress('Starting the local Kafka broker');
    kafkaStarted = true;
    const code = await kafkaLogged('start', logOf('kafka'), {
      onLine: (line) => {
        if (line.startsWith('[kafka] '))
          task.update(
            line
              .slice(8)
              .replace(/\.\.\.$/, '')
              .slice(0, 70),
          );
        if (/Fetching Kafka/.test(line)) task.update('first run: fetching the Kafka jars with Maven (one time)');
      },
    });
    if (code !== 0) {
      task.fail();
      await abort("Kafka did not start (deploy/kafka/kafka.sh logs shows the broker's own log).", logOf('kafka'));
    }
    task.done(`ready on 127.0.0.1:${process.env.KAFKA_PORT ?? 9092}`);
  }

  // A SCRAM principal per service, and one for a demo facility system, each with a password of this run.
  const kafkaPasswordsOfRun = kafkaPasswords([DEMO_FACILITY_PRINCIPAL]);
  {
    const task = progress('Kafka principals of this run and their ACLs');
    const problem = await provisionKafka({}, kafkaPasswordsOfRun, [DEMO_FACILITY_PRINCIPAL], logOf('kafka'));
    if (problem) {
      task.fail();
      await abort(`${problem}.`, logOf('kafka'));
    }
    task.done(`${Object.keys(kafkaPasswordsOfRun).length} principals, SCRAM-SHA-512 over TLS`);
  }
  const kafkaClients = kafkaAccess();

  // Each service's own database role, owner of its schema only; the password is this run's.
  const databaseUrlsOfRun = await provisionDatabaseRoles(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);

  {
    const task = progress('Loading the SAMHSA directory (demo bed counts)');
    let result = '';
    const code = await importDirectoryLogged(['--demo-beds'], logOf('directory'), {
      env: { DATABASE_URL: databaseUrlsOfRun['facility-registry'] },
      onLine: (line) => {
        const read = line.match(/read (\d+) rows: (\d+) new, (\d+) updated, (\d+) unchanged, (\d+) rejected/);
        if (read)
          task.update(`${Number(read[1]).toLocaleString('en-US')} rows read (${read[2]} new, ${read[3]} updated, ${read[4]} unchanged)`);
        const done = line.match(/^Done in [^:]+: (\d+) new, (\d+) updated, (\d+) unchanged/);
        if (done) result = `${(Number(done[1]) + Number(done[2]) + Number(done[3])).toLocaleString('en-US')} facilities`;
        const rejected = line.match(/^(\d+) rows could not be used/);
        if (rejected) result += `; ${rejected[1]} rows unusable (${shown(logOf('directory'))})`;
      },
    });
    if (code !== 0) {
      task.fail();
      await abort('The directory import failed.', logOf('directory'));
    }
    task.done(result || 'done');
  }

  // Keys come from the environment; without one, this run makes its own (tokens end with the run). Only
  // identity gets it (see startService); TOKEN_PREVIOUS_KEY_FILE passes through from the environment too.
  const gateway = SERVICES.find((service) => service.name === 'gateway');
  const env = {
    TOKEN_SIGNING_KEY_FILE: process.env.TOKEN_SIGNING_KEY_FILE ?? freshTokenSigningKeyFile(),
    KAFKA_CA_FILE: kafkaClients.KAFKA_CA_FILE,
    // Every broker of a cluster (KAFKA_NODES=3), and as many copies of each topic.
    KAFKA_BROKERS: kafkaClients.KAFKA_BROKERS,
    KAFKA_REPLICATION_FACTOR: kafkaClients.KAFKA_REPLICATION_FACTOR,
    // Links in FHIR answers are built on this, never on a client's Host header.
    PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL ?? `http://127.0.0.1:${portOf(gateway)}`,
  };

  step(
    replicas === 1
      ? `Starting the services (logs in ${shown(LOG_DIR)}/<service>.log)`
      : `Starting ${replicas} instances of each service behind the gateway (logs in ${shown(LOG_DIR)}/<service>[-<n>].log)`,
  );
  const startOptions = {
    logDir: LOG_DIR,
    kafkaPasswords: kafkaPasswordsOfRun,
    databaseUrls: databaseUrlsOfRun,
    replicas,
    onExit: (_service, code, signal, instance) => {
      if (stopping) return;
      void abort(
        `${instance.name} stopped unexpectedly (${signal ?? `exit code ${code}`}); shutting everything down.`,
        logOf(instance.name),
        { pretty: true },
      );
    },
  };
  const width = Math.max(...serviceInstances(replicas).map((instance) => instance.name.length));
  // Instance 1 of each service first (it migrates a fresh database alone), then the others.
  for (const wave of replicas === 1 ? [[1]] : [[1], Array.from({ length: replicas - 1 }, (_, index) => index + 2)]) {
    children.push(...startServices(env, { ...startOptions, instances: wave }));
    for (const { service, instance, name } of serviceInstances(replicas).filter((candidate) => wave.includes(candidate.instance))) {
      const task = progress(name.padEnd(width), { indent: '    ' });
      task.update('starting');
      try {
        await waitForHealth(healthUrl(service, {}, instance), 180_000, name, {
          onWait: (problem) => task.update(`not ready yet: ${problem}`.slice(0, 80)),
        });
      } catch (error) {
        task.fail();
        await abort(error.message, logOf(name), { pretty: true });
      }
      task.done(`ready on http://127.0.0.1:${portOf(service, {}, instance)}`);
    }
  }

  const base = `http://127.0.0.1:${portOf(SERVICES.find((service) => service.name === 'gateway'))}`;
  const task = progress('Creating the demo accounts');
  const password = process.env.DEMO_PASSWORD ?? `demo-${randomSecret().slice(0, 12)}`;
  const facility = await findFacility(base, 'state=KY&levelOfCare=detox-residential');
  const accounts = [
    { email: 'admin@demo.example', role: 'admin', name: 'Demo admin' },
    { email: 'planner@demo.example', role: 'planner', name: 'Demo discharge planner', organization: 'Demo General Hospital' },
    {
      email: 'staff@demo.example',
      role: 'facility-staff',
      name: `Demo staff of ${facility?.name}`,
      facilityIds: facility ? [facility.id] : [],
    },
  ];
  for (const account of accounts) {
    const code = await createAccountLogged(account, password, databaseUrlsOfRun.identity);
    if (code !== 0) {
      task.fail();
      await abort(`Could not create the account ${account.email}.`, logOf('accounts'));
    }
  }
  task.done('admin, planner and facility staff');

  const instanceLogs = replicas > 1 ? ' and <service>-<n>.log (instance n)' : '';
  console.log(`
────────────────────────────────────────────────────────────────────────────
  SUD referral service is up.

  Web app        ${base}/                 (sign in with a demo account below)
  API            ${base}/api
  OpenAPI page   ${base}/api/docs        (document: ${base}/api/openapi.json)
  Health         ${base}/health/ready

  Demo accounts, for the web app and the API (password for all three: ${password})
    admin@demo.example     admin
    planner@demo.example   planner, Demo General Hospital
    staff@demo.example     facility staff of ${facility?.name ?? '?'} (${facility?.id ?? '?'})

  Try it:
    TOKEN=$(curl -s -X POST ${base}/api/auth/token -H 'content-type: application/json' \\
      -d '{"email":"staff@demo.example","password":"${password}"}' | sed 's/.*"accessToken":"\\([^"]*\\)".*/\\1/')
    curl -s -X PUT ${base}/api/facilities/${facility?.id ?? '<facility id>'}/capacity -H "authorization: Bearer $TOKEN" \\
      -H 'content-type: application/json' -d '{"beds":[{"levelOfCare":"detox-residential","staffed":12,"available":3}]}'
    PLANNER=$(curl -s -X POST ${base}/api/auth/token -H 'content-type: application/json' \\
      -d '{"email":"planner@demo.example","password":"${password}"}' | sed 's/.*"accessToken":"\\([^"]*\\)".*/\\1/')
    curl -s -X POST ${base}/api/referrals -H "authorization: Bearer $PLANNER" -H 'content-type: application/json' \\
      -d '{"levelOfCare":"detox-residential","payer":"medicaid","patientZip":"40202","maxDistanceMiles":60,
           "needs":{"gender":"male","ageYears":34,"substances":["alcohol"]}}'

${instancesSummary()}
  Kafka          ${kafkaClients.KAFKA_BROKERS}, SASL SCRAM-SHA-512 over TLS (CA: ${kafkaClients.KAFKA_CA_FILE})
    a facility system's principal: ${DEMO_FACILITY_PRINCIPAL}, password ${kafkaPasswordsOfRun[DEMO_FACILITY_PRINCIPAL]}
    (it may publish bed-count reports to facility.capacity-report.v1 and nothing else; README: Kafka)

  Logs           ${shown(LOG_DIR)}/<service>.log${instanceLogs}, JSON lines (and build, kafka, directory, accounts .log)
    follow them readably:  npm start -- --logs          (in another terminal; add service names to narrow)
    or raw:                tail -f ${shown(LOG_DIR)}/gateway.log
    Kafka's own log:       npm run kafka -- logs

  Press Ctrl-C to stop everything.
────────────────────────────────────────────────────────────────────────────
`);

  if (followLogs) {
    console.log('Following the logs (Ctrl-C stops everything):\n');
    follow();
  }
}

/**
 * One demo account through the identity CLI, as system.mjs's `createAccount` does, with the CLI's
 * output in logs/accounts.log (`createAccount` exits on failure without stopping anything).
 */
function createAccountLogged({ email, role, name, facilityIds = [], organization }, password, databaseUrl) {
  const cliArgs = ['--email', email, '--role', role, '--name', name ?? email];
  if (facilityIds.length > 0) cliArgs.push('--facility-ids', facilityIds.join(','));
  if (organization) cliArgs.push('--organization', organization);
  return runLogged(process.execPath, [resolve(ROOT, 'dist/apps/identity/src/create-account.cli.js'), ...cliArgs], {
    logFile: logOf('accounts'),
    env: { ACCOUNT_PASSWORD: password, DATABASE_URL: databaseUrl },
  });
}

/** The log files in logs/ of the named services' instances (`<service>.log`, `<service>-<n>.log`). */
function instanceLogFiles(names) {
  if (!existsSync(LOG_DIR)) return [];
  return readdirSync(LOG_DIR)
    .filter((file) => names.some((name) => new RegExp(`^${name}(-\\d+)?\\.log$`).test(file)))
    .map((file) => resolve(LOG_DIR, file));
}

/** Each service's instances on 127.0.0.1: API port (reached through the gateway) and metrics port. */
function instancesSummary() {
  const lines = SERVICES.map((service) => {
    const ports = Array.from({ length: replicasOf(service, replicas) }, (_, index) => index + 1).map(
      (instance) => `${portOf(service, {}, instance)} (metrics ${metricsPortOf(service, {}, instance)})`,
    );
    return `    ${service.name.padEnd(19)}${ports.join(', ')}`;
  });
  const spread = replicas > 1 ? `; the gateway spreads requests over the ${replicas} instances of each` : '';
  return `  Services       API port (metrics port) of each instance on 127.0.0.1${spread}\n${lines.join('\n')}\n`;
}

/**
 * Follows the logs of every instance of the chosen services readably (like `tail -f`, from the last
 * few lines of each), starting over when a new run empties a file and picking up instances that appear.
 */
function follow() {
  const names = SERVICES.map((service) => service.name).filter((name) => onlyServices.length === 0 || onlyServices.includes(name));
  const labelOf = (file) => basename(file, '.log');
  const backlog = [];
  const offsets = new Map();
  for (const file of instanceLogFiles(names)) {
    offsets.set(file, statSync(file).size);
    for (const line of tailOf(file, 5)) backlog.push({ label: labelOf(file), line, time: timeOf(line) });
  }
  backlog.sort((a, b) => a.time - b.time);
  for (const { label, line } of backlog) console.log(formatLogLine(line, label));
  const pending = new Map();
  setInterval(() => {
    for (const file of instanceLogFiles(names)) {
      if (!existsSync(file)) continue;
      const size = statSync(file).size;
      let offset = offsets.get(file) ?? 0;
      if (size < offset) offset = 0;
      if (size === offset) continue;
      const buffer = Buffer.alloc(size - offset);
      const fd = openSync(file, 'r');
      try {
        readSync(fd, buffer, 0, buffer.length, offset);
      } finally {
        closeSync(fd);
      }
      offsets.set(file, size);
      const lines = ((pending.get(file) ?? '') + buffer.toString('utf8')).split('\n');
      pending.set(file, lines.pop());
      for (const line of lines) if (line.trim()) console.log(formatLogLine(line, labelOf(file)));
    }
  }, 250);
}

function timeOf(line) {
  try {
    return JSON.parse(line).time ?? 0;
  } catch {
    return 0;
  }
}
