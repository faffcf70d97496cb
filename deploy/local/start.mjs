// `npm start`: the whole system on this machine, with the real directory, demo bed counts and demo accounts.
import {
  build, checkNode, createAccount, ensurePostgres, fail, findFacility, healthUrl, importDirectory, kafka, kafkaIsRunning,
  randomSecret, SERVICES, startServices, step, stopServices, waitForHealth,
} from './system.mjs';

checkNode();
build();

const kafkaWasRunning = kafkaIsRunning();
step(kafkaWasRunning ? 'Kafka is already running; using it' : 'Starting the local Kafka broker (first run downloads it with Maven)');
if (!kafkaWasRunning && kafka('start') !== 0) fail('Kafka did not start; see the messages above (deploy/kafka/kafka.sh logs shows its log).');

await ensurePostgres();
importDirectory(['--demo-beds']);

// Secrets come from the environment; without one, this run makes its own (tokens end with the run).
const env = { JWT_SECRET: process.env.JWT_SECRET ?? randomSecret() };

step('Starting the services');
let stopping = false;
const children = startServices(env, {
  onExit: (service, code, signal) => {
    if (stopping) return;
    console.error(`\n${service.name} stopped unexpectedly (${signal ?? `exit code ${code}`}); shutting everything down.`);
    void shutdown(1);
  },
});

async function shutdown(exitCode) {
  if (stopping) return;
  stopping = true;
  step('Stopping the services');
  await stopServices(children);
  if (!kafkaWasRunning) {
    step('Stopping Kafka');
    kafka('stop');
  }
  process.exit(exitCode);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

try {
  for (const service of SERVICES) await waitForHealth(healthUrl(service), 180_000, service.name);
} catch (error) {
  console.error(`\n${error.message}`);
  await shutdown(1);
}

const base = 'http://127.0.0.1:3000';
step('Creating the demo accounts');
const password = process.env.DEMO_PASSWORD ?? `demo-${randomSecret().slice(0, 12)}`;
const facility = await findFacility(base, 'state=KY&levelOfCare=detox-residential');
const accounts = [
  { email: 'admin@demo.example', role: 'admin', name: 'Demo admin' },
  { email: 'planner@demo.example', role: 'planner', name: 'Demo discharge planner', organization: 'Demo General Hospital' },
  { email: 'staff@demo.example', role: 'facility-staff', name: `Demo staff of ${facility?.name}`, facilityIds: facility ? [facility.id] : [] },
];
for (const account of accounts) createAccount({ ...account, password });

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

  Press Ctrl-C to stop everything.
────────────────────────────────────────────────────────────────────────────
`);
