import { parseArgs } from 'node:util';
import { KafkaClientConfig, loadConfig } from '#config';
import { DeadLetterConsole } from './dead-letter.console.js';

const USAGE = `Usage: npm run dead-letters -- list [--topic T] [--key K]
       npm run dead-letters -- replay (--offset N ... | --all) [--topic T] [--key K]

Lists the messages parked on platform.dead-letter.v1 with the reason each was refused, or sends
chosen ones back to the topic they came from, bytes unchanged (fix the cause first: a message that
fails again is parked again). --topic and --key narrow to one original topic or message key.
Connects with KAFKA_BROKERS, KAFKA_USERNAME, KAFKA_PASSWORD, KAFKA_SASL_MECHANISM and KAFKA_CA_FILE as an
operator principal; on this machine the broker's admin:
  KAFKA_BROKERS=127.0.0.1:9094 KAFKA_USERNAME=admin KAFKA_SASL_MECHANISM=plain \\
  KAFKA_PASSWORD=$(cat ~/.cache/sud-referral/kafka-data/config/admin.password) \\
  KAFKA_CA_FILE=~/.cache/sud-referral/kafka-tls/ca.crt npm run dead-letters -- list`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    topic: { type: 'string' },
    key: { type: 'string' },
    offset: { type: 'string', multiple: true },
    all: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
const command = positionals[0];
if (values.help || (command !== 'list' && command !== 'replay') || (command === 'replay' && !values.all && !values.offset?.length)) {
  console.log(USAGE);
  process.exit(values.help ? 0 : 2);
}

const console_ = new DeadLetterConsole(loadConfig(KafkaClientConfig).kafkaConnection);
const parked = (await console_.list()).filter(
  (message) => (!values.topic || message.originalTopic === values.topic) && (!values.key || message.key === values.key),
);
if (command === 'list') {
  for (const message of parked) {
    console.log(
      `${message.partition}:${message.offset}  ${message.failedAt}  ${message.originalTopic}  key=${message.key ?? '(none)'}` +
        `  by ${message.consumer}${message.replayedFrom ? `  (replayed from ${message.replayedFrom})` : ''}\n    ${message.reason}`,
    );
  }
  console.log(`${parked.length} parked message(s)`);
} else {
  const chosen = values.all ? parked : parked.filter((message) => values.offset!.includes(message.offset));
  const sent = await console_.replay(chosen);
  console.log(`${sent} message(s) sent back to their topics`);
}
