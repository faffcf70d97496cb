// Checks the three-node local Kafka cluster (kafka.sh with KAFKA_NODES=3) end to end, as the services
// use it: starts a fresh cluster on ports of its own, gives the services' principals their SCRAM
// credentials and ACLs once (deploy/local/system.mjs provisionKafka), creates a topic with the services'
// TopicProvisioner (three replicas, min.insync.replicas 2) and writes with their KafkaProducer (acks=all).
// Then, once with one node stopped gracefully and once with one killed, it shows that writes and reads
// still work with two of three nodes, brings the node back and waits until every partition has its three
// in-sync copies again. Prints how long each step took; stops and wipes the cluster at the end.
//
// Usage: node deploy/kafka/cluster-check.mjs      (after `npm run build`: it runs the compiled services' code)
// Environment: CLUSTER_CHECK_KAFKA_PORT [49092], CLUSTER_CHECK_KAFKA_CONTROLLER_PORT [its port + 1]; node N
// listens on those plus (N-1) * 10. CLUSTER_CHECK_KAFKA_DATA_DIR [~/.cache/sud-referral/kafka-cluster-check-<port>].
// CLUSTER_CHECK_KEEP=true leaves the cluster running at the end.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, kafka, kafkaAccess, kafkaAdminClient, kafkaNodePorts, kafkaPasswords, provisionKafka } from '../local/system.mjs';

const PORT = Number(process.env.CLUSTER_CHECK_KAFKA_PORT ?? 49092);
const KAFKA_ENV = {
  KAFKA_NODES: '3',
  KAFKA_PORT: String(PORT),
  KAFKA_CONTROLLER_PORT: process.env.CLUSTER_CHECK_KAFKA_CONTROLLER_PORT ?? String(PORT + 1),
  KAFKA_DATA_DIR: process.env.CLUSTER_CHECK_KAFKA_DATA_DIR ?? resolve(homedir(), `.cache/sud-referral/kafka-cluster-check-${PORT}`),
};
const FACILITY = 'facility-cluster-check';
// The topic a service writes and another reads: referral-service produces it, the matcher consumes it.
const WRITER = 'referral-service';
const READER = 'matcher';

const compiled = (path) => resolve(ROOT, 'dist', path);
if (!existsSync(compiled('libs/messaging/src/index.js'))) {
  console.error('The compiled services are missing: run `npm run build` first.');
  process.exit(1);
}
// kafkajs is CommonJS: not every export of it is visible to an ES module's named import.
const { ConfigResourceTypes, Kafka, logLevel } = (await import('kafkajs')).default;
const { Logger } = await import('@nestjs/common');
const { loadConfig, ServiceConfig } = await import(pathToFileURL(compiled('libs/config/src/index.js')).href);
const { KafkaProducer, TopicProvisioner } = await import(pathToFileURL(compiled('libs/messaging/src/index.js')).href);
const { SERVICE_TOPIC_ACCESS, Topic } = await import(pathToFileURL(compiled('libs/contracts/src/index.js')).href);
// Warnings too: the producer says when it had to send part of a batch again (a broker went away mid-send).
Logger.overrideLogger(['error', 'warn']);

const TOPIC = Topic.ReferralSubmitted;
const timings = [];
let failed = false;

const seconds = (since) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
function ok(message, since) {
  const took = since === undefined ? '' : ` (${seconds(since)})`;
  if (since !== undefined) timings.push([message, seconds(since)]);
  console.log(`  ✔ ${message}${took}`);
}
function check(condition, message) {
  if (!condition) throw new Error(message);
}
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** `kafka.sh` under the check's environment; throws when it fails. */
function kafkaSh(command) {
  if (kafka(command, KAFKA_ENV) !== 0) throw new Error(`kafka.sh ${[command].flat().join(' ')} failed (see above)`);
}

const access = () => kafkaAccess(KAFKA_ENV);

/** A kafkajs client as a service's principal (SCRAM over TLS on the clients' listeners), like a service's own. */
function clientAs(principal, password, brokers = access().KAFKA_BROKERS.split(',')) {
  return new Kafka({
    clientId: `cluster-check-${principal}`,
    brokers,
    ssl: { ca: kafkaAdminClient(KAFKA_ENV).ssl.ca },
    sasl: { mechanism: 'scram-sha-512', username: principal, password },
    logLevel: logLevel.NOTHING,
    retry: { initialRetryTime: 300, maxRetryTime: 5_000, retries: 20 },
  });
}

/** Every partition of the topic as the admin sees it: leader, replicas and in-sync replicas. */
async function partitionsOf(admin) {
  const metadata = await admin.fetchTopicMetadata({ topics: [TOPIC] });
  return metadata.topics[0].partitions;
}

/** Writes `count` events through the services' producer (acks=all), keyed so that every partition gets some. */
async function write(producer, label, count = 60) {
  const ids = Array.from({ length: count }, (_, index) => `${label}-${index}`);
  await producer.send([{ topic: TOPIC, messages: ids.map((id) => ({ key: id, value: JSON.stringify({ id }) })) }]);
  return ids;
}

/** Reads the topic from the start in a new consumer group of the reader's; resolves when every id in `expected` came. */
async function readAll(client, expected, timeoutMs = 90_000) {
  const consumer = client.consumer({ groupId: `${READER}-cluster-check-${randomUUID()}` });
  const seen = new Set();
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void seen.add(JSON.parse(message.value.toString()).id) });
    const deadline = Date.now() + timeoutMs;
    while (expected.some((id) => !seen.has(id))) {
      if (Date.now() > deadline) throw new Error(`read ${expected.filter((id) => seen.has(id)).length} of ${expected.length} events`);
      await sleep(200);
    }
  } finally {
    await consumer.disconnect();
  }
  return seen.size;
}

/** Waits until every partition has all three replicas in sync again. */
async function waitFullyReplicated(admin, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const partitions = await partitionsOf(admin).catch(() => []);
    if (partitions.length > 0 && partitions.every((partition) => partition.isr.length === 3)) return;
    if (Date.now() > deadline) throw new Error('the partitions did not get three in-sync replicas back');
    await sleep(500);
  }
}

/** One node down (stopped or killed), writes and reads with the other two, the node back. */
async function outage({ node, how, producer, reader, admin, written }) {
  console.log(`\n${how === 'stop-node' ? 'Stopping' : 'Killing'} node ${node}:`);
  let since = performance.now();
  kafkaSh([how, node]);
  ok(`kafka.sh ${how} ${node}`, since);

  since = performance.now();
  const during = await write(producer, `${how}-${node}`);
  ok(`${during.length} events written with acks=all while node ${node} is down`, since);
  const partitions = await partitionsOf(admin);
  check(
    partitions.every((partition) => partition.leader !== node && !partition.isr.includes(node)),
    `node ${node} still leads or is in sync: ${JSON.stringify(partitions)}`,
  );
  ok(`every partition led by a live node, ${Math.min(...partitions.map((p) => p.isr.length))} of 3 replicas in sync`);

  since = performance.now();
  const all = [...written, ...during];
  await readAll(reader, all);
  ok(`all ${all.length} events read back by ${READER} with node ${node} down`, since);

  since = performance.now();
  kafkaSh(['start-node', node]);
  ok(`kafka.sh start-node ${node}: node serves again`, since);
  await waitFullyReplicated(admin);
  ok(`node ${node} back in sync on every partition (from start-node)`, since);
  return all;
}

async function main() {
  const nodes = kafkaNodePorts(KAFKA_ENV);
  console.log(`Three-node Kafka cluster on ${nodes.map((node) => `127.0.0.1:${node.port}`).join(', ')} (data ${KAFKA_ENV.KAFKA_DATA_DIR})`);
  kafkaSh('reset');
  let since = performance.now();
  kafkaSh('start');
  ok('cluster started: three nodes serve', since);

  // Credentials and ACLs once, through whichever node answers: they are the cluster's metadata.
  since = performance.now();
  const passwords = kafkaPasswords([FACILITY]);
  const logFile = join(mkdtempSync(join(tmpdir(), 'cluster-check-')), 'kafka-acls.log');
  const problem = await provisionKafka(KAFKA_ENV, passwords, [FACILITY], logFile);
  if (problem) throw new Error(problem);
  ok(`SCRAM credentials and ACLs of ${Object.keys(passwords).length} principals provisioned once`, since);

  // Every node knows them: each authenticates the reader on its own listener.
  for (const { node, port } of nodes) {
    const admin = clientAs(READER, passwords[READER], [`127.0.0.1:${port}`]).admin();
    await admin.connect();
    const [topic] = SERVICE_TOPIC_ACCESS[READER].consumes;
    await admin.fetchTopicMetadata({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
    ok(`node ${node} (127.0.0.1:${port}) authenticates ${READER} with SCRAM-SHA-512`);
  }

  // The writer's topic, made the way the services make theirs, with the replication kafkaAccess gives them.
  const replication = loadConfig(ServiceConfig, { KAFKA_REPLICATION_FACTOR: access().KAFKA_REPLICATION_FACTOR }).kafkaReplication;
  const writerClient = clientAs(WRITER, passwords[WRITER]);
  since = performance.now();
  await new TopicProvisioner(writerClient, { kafka: { replication } }).ensureTopics([TOPIC]);
  ok(`${WRITER} created ${TOPIC} (replication factor ${replication.factor}, min.insync.replicas ${replication.minInsync})`, since);

  const adminClient = new Kafka({ clientId: 'cluster-check-admin', ...kafkaAdminClient(KAFKA_ENV), logLevel: logLevel.NOTHING });
  const admin = adminClient.admin();
  await admin.connect();
  const partitions = await partitionsOf(admin);
  check(
    partitions.every((partition) => partition.replicas.length === 3 && partition.isr.length === 3),
    `not three replicas in sync: ${JSON.stringify(partitions)}`,
  );
  const leaders = new Set(partitions.map((partition) => partition.leader));
  const configs = await admin.describeConfigs({ resources: [{ type: ConfigResourceTypes.TOPIC, name: TOPIC }], includeSynonyms: false });
  const [described] = configs.resources;
  const minInsync = described.configEntries.find((entry) => entry.configName === 'min.insync.replicas')?.configValue;
  check(minInsync === '2', `min.insync.replicas is ${minInsync}`);
  ok(`${partitions.length} partitions, 3 replicas each, in sync, led by nodes ${[...leaders].sort().join(', ')}; min.insync.replicas=2`);

  // A principal is still held to its ACLs on every leader: the reader may not write this topic.
  const intruder = clientAs(READER, passwords[READER]).producer();
  await intruder.connect();
  const denied = await intruder
    .send({ topic: TOPIC, acks: -1, messages: [{ key: 'x', value: 'x' }] })
    .then(() => null)
    .catch((error) => error);
  await intruder.disconnect();
  check(denied?.type === 'TOPIC_AUTHORIZATION_FAILED', `${READER} wrote to ${TOPIC}: ${denied?.message ?? 'no error'}`);
  ok(`${READER} may not write ${TOPIC} (TOPIC_AUTHORIZATION_FAILED): the ACLs hold`);

  const producer = new KafkaProducer(writerClient);
  const reader = clientAs(READER, passwords[READER]);
  since = performance.now();
  let written = await write(producer, 'all-up');
  ok(`${written.length} events written by ${WRITER} with acks=all (idempotent producer)`, since);
  since = performance.now();
  await readAll(reader, written);
  ok(`all ${written.length} events read back by ${READER}`, since);

  written = await outage({ node: 2, how: 'stop-node', producer, reader, admin, written });
  await outage({ node: 3, how: 'kill-node', producer, reader, admin, written });

  await producer.onApplicationShutdown();
  await admin.disconnect();
}

try {
  await main();
} catch (error) {
  failed = true;
  console.error(`\n✖ ${error.stack ?? error.message}`);
} finally {
  if (process.env.CLUSTER_CHECK_KEEP === 'true') {
    console.log(`\nThe cluster keeps running: KAFKA_NODES=3 KAFKA_PORT=${PORT} KAFKA_DATA_DIR=${KAFKA_ENV.KAFKA_DATA_DIR} kafka.sh stop`);
  } else {
    console.log('');
    const since = performance.now();
    kafka('stop', KAFKA_ENV);
    timings.push(['cluster stopped', seconds(since)]);
    kafka('reset', KAFKA_ENV);
  }
}
console.log('\nTimings:');
for (const [what, took] of timings) console.log(`  ${took.padStart(8)}  ${what}`);
console.log(failed ? '\n✖ The cluster check failed.' : '\n✔ The three-node cluster keeps writes and reads going with one node down.');
process.exit(failed ? 1 : 0);
