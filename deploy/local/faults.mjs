// `npm run test:faults`: the whole system on a private Kafka broker and a private PostgreSQL, a burst
// of referrals, bed holds, answers and bed-count updates, and faults injected in the middle of it —
// the broker restarted, each service killed with SIGKILL and restarted, PostgreSQL restarted, events
// delivered twice and out of order. Afterwards the books must balance: every referral the API
// accepted is stored and matched, every hold converted, released, expired or refused in agreement
// with its task, every bed count announced as stored. Prints operations, faults and losses.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import {
  build,
  checkNode,
  createAccount,
  freshTokenSigningKeyFile,
  kafka,
  kafkaAccess,
  kafkaAdminClient,
  kafkaPasswords,
  databasePasswords,
  databaseUrls,
  provisionDatabaseRoles,
  provisionKafka,
  randomSecret,
  ROOT,
  SERVICES,
  startService,
  step,
  stopServices,
  waitForHealth,
  healthUrl,
} from './system.mjs';

const ARTIFACTS = resolve(ROOT, 'test/artifacts/faults');
const BURST_SECONDS = Number(process.env.FAULTS_BURST_SECONDS ?? 75);
const PG_PORT = process.env.FAULTS_PG_PORT ?? '15432';
const PG_DIR = resolve('/tmp', `sud-referral-faults-pg-${PG_PORT}`);
// Ports below Linux's ephemeral range (32768+): services start before the broker, and a client
// retrying a local port in that range can end up connected to itself and hold the port.
const PORT_BASE = Number(process.env.FAULTS_PORT_BASE ?? 23000);
const port = (offset) => String(PORT_BASE + offset);
const KAFKA_ENV = {
  KAFKA_PORT: process.env.FAULTS_KAFKA_PORT ?? '29092',
  KAFKA_CONTROLLER_PORT: process.env.FAULTS_KAFKA_CONTROLLER_PORT ?? '29093',
  // Kept for the run: the broker restarts mid-run and the suite's checks connect as the admin.
  KAFKA_ADMIN_PASSWORD: randomSecret(),
};
// A SCRAM principal and a fresh password per service, as `npm start` and `npm test` make them.
const KAFKA_PASSWORDS = kafkaPasswords();
KAFKA_ENV.KAFKA_DATA_DIR = resolve(homedir(), `.cache/sud-referral/kafka-faults-${KAFKA_ENV.KAFKA_PORT}`);
const DATABASE_URL = `postgres://postgres@127.0.0.1:${PG_PORT}/sud_referral_faults`;
// Each service's own role; the services start before PostgreSQL, so the passwords are chosen now.
const DATABASE_PASSWORDS = databasePasswords();
const DATABASE_URLS = databaseUrls(DATABASE_URL, DATABASE_PASSWORDS);
const ADMIN = { email: 'admin@faults.example', password: `faults-${randomSecret().slice(0, 16)}` };
const ENV = {
  DATABASE_URL,
  KAFKA_BROKERS: `127.0.0.1:${KAFKA_ENV.KAFKA_PORT}`,
  KAFKA_CA_FILE: kafkaAccess(KAFKA_ENV).KAFKA_CA_FILE,
  GATEWAY_PORT: port(0),
  REGISTRY_PORT: port(1),
  REFERRAL_PORT: port(2),
  MATCHER_PORT: port(3),
  IDENTITY_PORT: port(4),
  REGISTRY_URL: `http://127.0.0.1:${port(1)}`,
  REFERRAL_URL: `http://127.0.0.1:${port(2)}`,
  MATCHER_URL: `http://127.0.0.1:${port(3)}`,
  IDENTITY_URL: `http://127.0.0.1:${port(4)}`,
  // A key made for this run, kept while identity is killed and restarted; only identity sees it (see startService).
  TOKEN_SIGNING_KEY_FILE: freshTokenSigningKeyFile(),
  BED_HOLD_SECONDS: '40',
  BED_HOLD_SWEEP_MS: '1000',
  WRITES_PER_MINUTE: '100000',
  // The suite signs in far more often than a person would, all from 127.0.0.1.
  SIGN_IN_PER_ADDRESS_PER_MINUTE: '100000',
  // Prometheus ports of their own, so a running \`npm start\` (3010-3014) is left alone.
  GATEWAY_METRICS_PORT: port(10),
  REGISTRY_METRICS_PORT: port(11),
  REFERRAL_METRICS_PORT: port(12),
  MATCHER_METRICS_PORT: port(13),
  IDENTITY_METRICS_PORT: port(14),
  LOG_LEVEL: 'log',
};
const GATEWAY = `http://127.0.0.1:${port(0)}`;
const ZIP = '82190';
const LEVEL = 'detox-residential';

// ---------------------------------------------------------------- private PostgreSQL (restartable)

function pgBin(tool) {
  const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort().reverse() : [];
  for (const version of versions) {
    const path = `/usr/lib/postgresql/${version}/bin/${tool}`;
    if (existsSync(path)) return path;
  }
  return tool;
}

/** Runs a PostgreSQL tool as `postgres` when we are root (PostgreSQL refuses to run as root). */
function pg(tool, args) {
  const asRoot = process.getuid?.() === 0;
  const command = asRoot ? 'runuser' : pgBin(tool);
  const fullArgs = asRoot ? ['-u', 'postgres', '--', pgBin(tool), ...args] : args;
  const result = spawnSync(command, fullArgs, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
}

function startPostgres() {
  rmSync(PG_DIR, { recursive: true, force: true });
  mkdirSync(PG_DIR, { recursive: true });
  if (process.getuid?.() === 0)
    chownSync(
      PG_DIR,
      Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout),
      Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout),
    );
  pg('initdb', ['-D', PG_DIR, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
  pgCtl('start');
}

function pgCtl(action) {
  pg('pg_ctl', [
    '-D',
    PG_DIR,
    '-l',
    `${PG_DIR}/server.log`,
    '-o',
    `-p ${PG_PORT} -k /tmp -c listen_addresses=127.0.0.1`,
    '-m',
    'fast',
    '-w',
    action,
  ]);
}

// ---------------------------------------------------------------- HTTP client of the burst

async function call(method, path, body, token) {
  const headers = body === undefined ? {} : { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  try {
    const response = await fetch(`${GATEWAY}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    let parsed = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: response.status, body: parsed };
  } catch (error) {
    return { status: 0, body: error.message };
  }
}

async function signIn(email, password) {
  for (let attempt = 0; attempt < 60; attempt += 1) {
    const response = await call('POST', '/api/auth/token', { email, password });
    if (response.status === 200) return response.body.accessToken;
    await sleep(1_000);
  }
  throw new Error(`could not sign in as ${email}`);
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
const pick = (items) => items[Math.floor(Math.random() * items.length)];

// ---------------------------------------------------------------- the run

checkNode();
rmSync(ARTIFACTS, { recursive: true, force: true });
mkdirSync(resolve(ARTIFACTS, 'logs'), { recursive: true });
build();

const children = new Map();
let stopping = false;
let unexpectedExits = 0;
const logDir = resolve(ARTIFACTS, 'logs');

function launch(service) {
  const entry = startService(service, ENV, {
    logDir,
    kafkaPasswords: KAFKA_PASSWORDS,
    databaseUrls: DATABASE_URLS,
    onExit: (exited, code, signal) => {
      // This very process was killed on purpose (its successor may already be running).
      if (stopping || entry.killedOnPurpose) return;
      // A service that dies on its own is a finding; like a supervisor, bring it back and count it.
      unexpectedExits += 1;
      console.log(`   ! ${exited.name} exited on its own (${signal ?? code}); restarting`);
      setTimeout(() => !stopping && launch(exited), 1_000);
    },
  });
  children.set(service.name, entry);
}

const figures = { operations: 0, refused: 0, faults: 0, outcomes: new Map() };
const tally = (kind, status) => figures.outcomes.set(`${kind} ${status}`, (figures.outcomes.get(`${kind} ${status}`) ?? 0) + 1);
const accepted = { referrals: new Set(), tasks: new Set(), acceptances: new Set(), capacity: new Map() };
let exitCode = 1;

try {
  // Services first, their dependencies after: each must wait for Kafka and PostgreSQL with backoff.
  step('Starting the services before Kafka and PostgreSQL exist (logs in test/artifacts/faults/logs)');
  kafka('reset', KAFKA_ENV);
  // The CA the services will trust exists before they do (the broker is not there yet).
  if (kafka('certs', KAFKA_ENV) !== 0) throw new Error('the Kafka TLS certificates could not be made (see above)');
  for (const service of SERVICES) launch(service);
  await sleep(3_000);
  step(`Starting a private Kafka broker on port ${KAFKA_ENV.KAFKA_PORT} and a private PostgreSQL on ${PG_PORT}`);
  startPostgres();
  await provisionDatabaseRoles(DATABASE_URL, DATABASE_PASSWORDS);
  if (kafka('start', KAFKA_ENV) !== 0) throw new Error('the Kafka broker did not start (see above)');
  // The services keep retrying until their principals exist, as they would for a broker still starting.
  const provisioned = await provisionKafka(KAFKA_ENV, KAFKA_PASSWORDS, [], resolve(logDir, 'kafka-acls.log'));
  if (provisioned) throw new Error(provisioned);
  for (const service of SERVICES) await waitForHealth(healthUrl(service, ENV), 180_000, service.name);
  createAccount(
    { email: ADMIN.email, role: 'admin', name: 'Faults admin', password: ADMIN.password },
    { ...ENV, DATABASE_URL: DATABASE_URLS.identity },
  );
  const admin = await signIn(ADMIN.email, ADMIN.password);

  step('Creating four facilities near Yellowstone, their staff and three planners');
  const facilities = [];
  for (let n = 0; n < 4; n += 1) {
    const created = await call(
      'POST',
      '/api/facilities',
      {
        name: `Faults Recovery ${n}`,
        street: `${n} Grand Loop Rd`,
        city: 'Yellowstone National Park',
        state: 'WY',
        zip: ZIP,
        phone: '307-555-0199',
        active: true,
        programs: [{ levelOfCare: LEVEL }],
        medications: [],
        therapies: [],
        populations: [],
        gendersAccepted: [],
        ageGroupsAccepted: [],
        languages: ['english'],
        insurance: { payers: ['medicaid'], privateInsurancePlans: [], upfrontPaymentRequired: false },
        credentials: [{ type: 'state-licence', status: 'active', expiresOn: '2099-12-31', identifier: `WY-F-${n}`, issuer: 'Wyoming' }],
      },
      admin,
    );
    if (created.status !== 201) throw new Error(`could not create a facility: ${created.status} ${JSON.stringify(created.body)}`);
    const email = `staff-${n}@faults.example`;
    await call(
      'POST',
      '/api/accounts',
      { email, displayName: email, role: 'facility-staff', facilityIds: [created.body.id], password: ADMIN.password },
      admin,
    );
    const staff = await signIn(email, ADMIN.password);
    await call('PUT', `/api/facilities/${created.body.id}/capacity`, { beds: [{ levelOfCare: LEVEL, staffed: 60, available: 30 }] }, staff);
    facilities.push({ id: created.body.id, staff });
  }
  const planners = [];
  for (let n = 0; n < 3; n += 1) {
    const email = `planner-${n}@faults.example`;
    await call(
      'POST',
      '/api/accounts',
      { email, displayName: email, role: 'planner', organization: `Faults Hospital ${n}`, password: ADMIN.password },
      admin,
    );
    planners.push(await signIn(email, ADMIN.password));
  }
  const openTasks = [];

  async function referAndSend() {
    const planner = pick(planners);
    const submitted = await call(
      'POST',
      '/api/referrals',
      {
        levelOfCare: LEVEL,
        payer: 'medicaid',
        patientZip: ZIP,
        maxDistanceMiles: 10,
        needs: { gender: pick(['male', 'female']), ageYears: 30, substances: [pick(['alcohol', 'opioids', 'stimulants'])] },
      },
      planner,
    );
    figures.operations += 1;
    tally('refer', submitted.status);
    if (submitted.status !== 201 && submitted.status !== 202) return void (figures.refused += 1);
    accepted.referrals.add(submitted.body.id);
    const ours = (submitted.body.matches ?? [])
      .map((match) => match.facilityId)
      .filter((id) => facilities.some((facility) => facility.id === id));
    if (ours.length === 0) return;
    const sent = await call(
      'POST',
      `/api/referrals/${submitted.body.id}/tasks`,
      { facilityIds: ours.slice(0, 1 + Math.floor(Math.random() * 2)) },
      planner,
    );
    figures.operations += 1;
    tally('send', sent.status);
    if (sent.status !== 201 && sent.status !== 202) return void (figures.refused += 1);
    for (const task of sent.body.tasks) {
      accepted.tasks.add(task.id);
      openTasks.push({ referralId: submitted.body.id, taskId: task.id, facilityId: task.facilityId });
    }
  }

  async function answer() {
    const task = openTasks.splice(Math.floor(Math.random() * openTasks.length), 1)[0];
    if (!task) return;
    const staff = facilities.find((facility) => facility.id === task.facilityId).staff;
    const action = Math.random() < 0.6 ? 'accept' : 'decline';
    const response = await call(
      'POST',
      `/api/referrals/${task.referralId}/tasks/${task.taskId}/${action}`,
      action === 'decline' ? { reason: 'no-capacity' } : {},
      staff,
    );
    figures.operations += 1;
    tally(action, response.status);
    if (response.status === 200 && action === 'accept') accepted.acceptances.add(task.taskId);
    else if (response.status !== 200) figures.refused += 1;
  }

  async function reportBeds() {
    const facility = pick(facilities);
    const available = 10 + Math.floor(Math.random() * 20);
    const response = await call(
      'PUT',
      `/api/facilities/${facility.id}/capacity`,
      { beds: [{ levelOfCare: LEVEL, staffed: 60, available }] },
      facility.staff,
    );
    figures.operations += 1;
    tally('beds', response.status);
    if (response.status === 200) accepted.capacity.set(facility.id, available);
    else figures.refused += 1;
  }

  async function worker(until) {
    while (Date.now() < until) {
      const roll = Math.random();
      const refusedBefore = figures.refused;
      await (roll < 0.5 ? referAndSend() : roll < 0.8 ? answer() : reportBeds());
      // Like a client: after a failure, wait a moment before the next request.
      if (figures.refused > refusedBefore) await sleep(250);
    }
  }

  async function restartService(name, pauseMs = 1_500) {
    const running = children.get(name);
    running.killedOnPurpose = true;
    running.child.kill('SIGKILL');
    await sleep(pauseMs);
    launch(SERVICES.find((service) => service.name === name));
    figures.faults += 1;
    console.log(`   ✱ ${name} killed with SIGKILL and restarted`);
  }

  async function redeliver(topic, count) {
    const { Kafka, logLevel } = await import('kafkajs');
    const kafkaClient = new Kafka({ clientId: 'faults', ...kafkaAdminClient(KAFKA_ENV), logLevel: logLevel.NOTHING });
    const consumer = kafkaClient.consumer({ groupId: `faults-${randomUUID()}` });
    const producer = kafkaClient.producer();
    const copies = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void copies.push({ key: message.key, value: message.value }) });
    await sleep(4_000);
    await consumer.disconnect();
    const chosen = copies.slice(-count).sort(() => Math.random() - 0.5);
    await producer.connect();
    await producer.send({ topic, messages: [...chosen, ...chosen.slice(0, Math.ceil(chosen.length / 2))] });
    await producer.disconnect();
    figures.faults += 1;
    console.log(`   ✱ ${chosen.length} ${topic} events delivered again, shuffled, some three times`);
  }

  const faults = [
    () => restartService('referral-service'),
    async () => {
      kafka('stop', KAFKA_ENV);
      await sleep(2_000);
      kafka('start', KAFKA_ENV);
      figures.faults += 1;
      console.log('   ✱ Kafka broker stopped and started');
    },
    () => restartService('facility-registry'),
    () => redeliver('referral.task.v2', 150),
    () => restartService('matcher'),
    async () => {
      pgCtl('restart');
      figures.faults += 1;
      console.log('   ✱ PostgreSQL restarted');
    },
    () => restartService('identity'),
    () => redeliver('facility.bed-hold.v1', 150),
    () => restartService('gateway'),
    () => restartService('referral-service', 200),
  ];

  step(`A ${BURST_SECONDS} s burst of referrals, holds, answers and bed counts, with ${faults.length} faults along the way`);
  const until = Date.now() + BURST_SECONDS * 1000;
  const injector = (async () => {
    const gap = (BURST_SECONDS * 1000) / (faults.length + 1);
    for (const fault of faults) {
      await sleep(gap);
      await fault();
    }
  })();
  const progress = setInterval(() => console.log(`   … ${figures.operations} operations, ${figures.faults} faults so far`), 10_000);
  await Promise.all([worker(until), worker(until), worker(until), worker(until), injector]);
  clearInterval(progress);

  step('Waiting for every service to be ready and every event to be applied');
  for (const service of SERVICES) await waitForHealth(healthUrl(service, ENV), 180_000, service.name);
  const { default: pgClient } = await import('pg');
  const db = new pgClient.Client({ connectionString: DATABASE_URL });
  await db.connect();
  const settledBy = Date.now() + 180_000;
  let pending;
  // Settled: nothing matching, no hold undecided, the outboxes empty, and each task's bed as the
  // registry has it (events still in flight after a restart are waited for, not counted as lost).
  do {
    await sleep(2_000);
    pending = (
      await db.query(`
      SELECT (SELECT count(*) FROM referral.referrals WHERE match_status = 'matching')::int AS matching,
             (SELECT count(*) FROM referral.referral_tasks WHERE hold_status = 'pending')::int AS holds,
             (SELECT count(*) FROM referral.outbox WHERE published_at IS NULL)::int
               + (SELECT count(*) FROM registry.outbox WHERE published_at IS NULL)::int AS outbox,
             (SELECT count(*) FROM referral.referral_tasks t LEFT JOIN registry.bed_holds h ON h.task_id = t.id
               WHERE h.task_id IS NULL OR t.hold_status <> h.status)::int AS disagreeing`)
    ).rows[0];
    console.log(
      `   … still matching ${pending.matching}, holds pending ${pending.holds}, ` +
        `outbox ${pending.outbox}, holds in flight ${pending.disagreeing}`,
    );
  } while ((pending.matching > 0 || pending.holds > 0 || pending.outbox > 0 || pending.disagreeing > 0) && Date.now() < settledBy);

  step('Checking the books');
  const ids = (rows) => new Set(rows.map((row) => row.id));
  const storedReferrals = ids((await db.query('SELECT id FROM referral.referrals')).rows);
  const storedTasks = ids((await db.query('SELECT id FROM referral.referral_tasks')).rows);
  const lost = {
    referrals: [...accepted.referrals].filter((id) => !storedReferrals.has(id)).length,
    unmatched: pending.matching,
    tasks: [...accepted.tasks].filter((id) => !storedTasks.has(id)).length,
    acceptances: (
      await db.query(`SELECT count(*)::int AS n FROM referral.referral_tasks WHERE id = ANY($1) AND status <> 'accepted'`, [
        [...accepted.acceptances],
      ])
    ).rows[0].n,
    holdsUndecided: pending.holds,
    // Each task's bed, as the referral service heard it, is what the registry did.
    holdsDisagreeing: (
      await db.query(`
      SELECT count(*)::int AS n FROM referral.referral_tasks t LEFT JOIN registry.bed_holds h ON h.task_id = t.id
       WHERE h.task_id IS NULL OR t.hold_status <> h.status`)
    ).rows[0].n,
    // A bed is held only for a task still awaiting its answer.
    holdsLeftBehind: (
      await db.query(`
      SELECT count(*)::int AS n FROM registry.bed_holds h JOIN referral.referral_tasks t ON t.id = h.task_id
       WHERE h.status = 'held' AND t.status NOT IN ('requested', 'received', 'on-hold')`)
    ).rows[0].n,
    // A bed line never holds more beds than holds stand on it (fewer when staff reported fewer free beds).
    heldCountsWrong: (
      await db.query(`
      SELECT count(*)::int AS n FROM registry.bed_counts b
       WHERE b.held > (SELECT count(*) FROM registry.bed_holds h WHERE h.facility_id = b.facility_id::text
                          AND h.level_of_care = b.level_of_care AND h.bed_type = b.bed_type AND h.status = 'held')`)
    ).rows[0].n,
    unpublished: pending.outbox,
  };
  // Every bed count as stored is the last one announced on Kafka (what the matcher serves).
  // Holds still expire while this runs (their beds come back, announced a moment later): a count
  // that differs is read again, a few times, before it is called lost.
  async function unannouncedCounts() {
    const { Kafka, logLevel } = await import('kafkajs');
    const checker = new Kafka({ clientId: 'faults-check', ...kafkaAdminClient(KAFKA_ENV), logLevel: logLevel.NOTHING });
    // Read the topic to its end as it stands now (not for a fixed time: a slow group join must not
    // look like a lost event).
    const checkerAdmin = checker.admin();
    await checkerAdmin.connect();
    const remaining = new Map(
      (await checkerAdmin.fetchTopicOffsets('facility.capacity.v2'))
        .filter((end) => Number(end.high) > Number(end.low))
        .map((end) => [end.partition, Number(end.high)]),
    );
    await checkerAdmin.disconnect();
    const consumer = checker.consumer({ groupId: `faults-${randomUUID()}` });
    const lastAnnounced = new Map();
    await consumer.connect();
    await consumer.subscribe({ topic: 'facility.capacity.v2', fromBeginning: true });
    await new Promise((done, failed) => {
      if (remaining.size === 0) return done();
      consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            const envelope = JSON.parse(message.value.toString());
            const previous = lastAnnounced.get(envelope.key);
            if (!previous || previous.sequence < envelope.sequence) lastAnnounced.set(envelope.key, envelope);
            if (Number(message.offset) + 1 >= (remaining.get(partition) ?? 0)) remaining.delete(partition);
            if (remaining.size === 0) done();
          },
        })
        .catch(failed);
    });
    await consumer.disconnect();
    let countsUnannounced = 0;
    for (const facility of facilities) {
      const stored = (await db.query('SELECT available FROM registry.bed_counts WHERE facility_id = $1', [facility.id])).rows[0];
      const announced = lastAnnounced.get(facility.id)?.payload.beds.find((bed) => bed.levelOfCare === LEVEL)?.available;
      if (stored?.available !== announced) countsUnannounced += 1;
    }
    return countsUnannounced;
  }
  let countsUnannounced = await unannouncedCounts();
  for (let attempt = 0; attempt < 5 && countsUnannounced > 0; attempt += 1) {
    await sleep(3_000);
    countsUnannounced = await unannouncedCounts();
  }
  lost.countsUnannounced = countsUnannounced;
  await db.end();

  const totalLost = Object.values(lost).reduce((sum, value) => sum + value, 0);
  const acceptedSummary =
    `${accepted.referrals.size} referrals, ${accepted.tasks.size} tasks, ` +
    `${accepted.acceptances.size} acceptances, ${accepted.capacity.size} facilities' counts`;
  console.log(`
Fault suite
  operations      ${figures.operations} (${figures.refused} refused or failed while a fault was on, as a client would see)
  accepted        ${acceptedSummary}
  by outcome      ${[...figures.outcomes]
    .sort()
    .map(([key, n]) => `${key}: ${n}`)
    .join(', ')}
  faults          ${figures.faults} injected; ${unexpectedExits} service exits nobody caused
  lost            ${totalLost}  ${JSON.stringify(lost)}
`);
  exitCode = totalLost === 0 && unexpectedExits === 0 ? 0 : 1;
  if (exitCode !== 0) console.error('✖ The books do not balance (or a service died on its own): see above and test/artifacts/faults/logs.');
} catch (error) {
  console.error(`\n✖ ${error.message}`);
} finally {
  stopping = true;
  step('Stopping the services, the broker and PostgreSQL');
  await stopServices([...children.values()]);
  kafka('stop', KAFKA_ENV);
  try {
    pgCtl('stop');
  } catch {
    // already stopped
  }
}
process.exit(exitCode);
