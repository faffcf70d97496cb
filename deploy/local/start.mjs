// `npm start`: the whole system on this machine, with the real directory and demo bed counts.
import { build, checkNode, ensurePostgres, fail, healthUrl, importDirectory, kafka, kafkaIsRunning, SERVICES, startServices, step, stopServices, waitForHealth } from './system.mjs';

checkNode();
build();

const kafkaWasRunning = kafkaIsRunning();
step(kafkaWasRunning ? 'Kafka is already running; using it' : 'Starting the local Kafka broker (first run downloads it with Maven)');
if (!kafkaWasRunning && kafka('start') !== 0) fail('Kafka did not start; see the messages above (deploy/kafka/kafka.sh logs shows its log).');

await ensurePostgres();
importDirectory(['--demo-beds']);

step('Starting the services');
let stopping = false;
const children = startServices(
  {},
  {
    onExit: (service, code, signal) => {
      if (stopping) return;
      console.error(`\n${service.name} stopped unexpectedly (${signal ?? `exit code ${code}`}); shutting everything down.`);
      void shutdown(1);
    },
  },
);

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
console.log(`
────────────────────────────────────────────────────────────────────────────
  SUD referral service is up.

  API            ${base}/api
  OpenAPI page   ${base}/api/docs        (document: ${base}/api/openapi.json)
  Health         ${base}/health/ready

  Try it:
    curl -s '${base}/api/facilities?state=KY&levelOfCare=detox-residential&pageSize=3'
    curl -s -X POST ${base}/api/referrals -H 'content-type: application/json' \\
      -d '{"levelOfCare":"detox-residential","payer":"medicaid","patientZip":"40202","maxDistanceMiles":60,
           "needs":{"gender":"male","ageYears":34}}'

  Press Ctrl-C to stop everything.
────────────────────────────────────────────────────────────────────────────
`);
