import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { Topic } from '#contracts';
import { KAFKA_ADMIN, tailTopic, TIMEOUT_MS } from '../../../../test/support/integration.js';
import { kafkaSecurity } from '../kafka/kafka-client.factory.js';
import { TopicProvisioner } from '../kafka/topic.provisioner.js';
import { DeadLetterConsole } from './dead-letter.console.js';

// Against the broker `npm test` provides; keys only this spec uses.
describe('the dead-letter console (Kafka)', () => {
  const kafka = new Kafka({ clientId: `dlq-spec-${randomUUID()}`, ...kafkaSecurity(KAFKA_ADMIN), logLevel: logLevel.NOTHING });
  const console_ = new DeadLetterConsole(KAFKA_ADMIN);

  // The topics exist once a service has started; provision them so the spec also runs on a bare broker.
  beforeAll(() => new TopicProvisioner(kafka).ensureTopics([Topic.DeadLetter, Topic.ReferralSubmitted]), TIMEOUT_MS);

  it(
    'lists a parked message with its reason, and replays it byte for byte to where it came from',
    async () => {
      const key = `dlq-spec-${randomUUID()}`;
      const value = Buffer.from('{"not": "an envelope"}');
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({
        topic: Topic.DeadLetter,
        messages: [
          {
            key,
            value,
            headers: {
              'dlq-reason': 'invalid envelope: eventId must be a UUID',
              'dlq-original-topic': Topic.ReferralSubmitted,
              'dlq-consumer': 'matcher',
              'dlq-failed-at': new Date().toISOString(),
            },
          },
        ],
      });
      await producer.disconnect();

      const parked = (await console_.list()).filter((message) => message.key === key);
      expect(parked).toHaveLength(1);
      expect(parked[0]).toMatchObject({
        originalTopic: Topic.ReferralSubmitted,
        reason: 'invalid envelope: eventId must be a UUID',
        consumer: 'matcher',
      });

      // Listen on the original topic from its end, then replay.
      const original = await tailTopic(Topic.ReferralSubmitted);
      try {
        expect(await console_.replay(parked)).toBe(1);
        const replayed = await original.waitFor((message) => message.key === key);
        expect(replayed.bytes).toEqual(value);
        expect(replayed.headers['dlq-replayed-from']).toBe(`${Topic.DeadLetter}:${parked[0]!.partition}:${parked[0]!.offset}`);
      } finally {
        await original.stop();
      }
    },
    TIMEOUT_MS,
  );
});
