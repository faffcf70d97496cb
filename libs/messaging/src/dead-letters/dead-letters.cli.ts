import { parseArgs } from 'node:util';
import { loadConfig, ServiceConfig } from '#config';
import { DeadLetterConsole } from './dead-letter.console.js';

const USAGE = `Usage: npm run dead-letters -- list [--topic T] [--key K]
       npm run dead-letters -- replay (--offset N ... | --all) [--topic T] [--key K]

Lists the messages parked on platform.dead-letter.v1 with the reason each was refused, or sends
chosen ones back to the topic they came from, bytes unchanged (fix the cause first: a message that
fails again is parked again). --topic and --key narrow to one original topic or message key.
Reads KAFKA_BROKERS (default 127.0.0.1:9092).`;

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

const console_ = new DeadLetterConsole(loadConfig(ServiceConfig).kafkaBrokers);
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
