import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { Topic } from '#contracts';
import { DeadLetterConsole } from './dead-letter.console.js';

// Against the broker `npm test` provides; keys only this spec uses.
const KAFKA_BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',');
const TIMEOUT_MS = 60_000;

describe('the dead-letter console (Kafka)', () => {
  const kafka = new Kafka({ clientId: `dlq-spec-${randomUUID()}`, brokers: KAFKA_BROKERS, logLevel: logLevel.NOTHING });
  const console_ = new DeadLetterConsole(KAFKA_BROKERS);

  it('lists a parked message with its reason, and replays it byte for byte to where it came from', async () => {
    const key = `dlq-spec-${randomUUID()}`;
    const value = Buffer.from('{"not": "an envelope"}');
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: Topic.DeadLetter,
      messages: [{ key, value, headers: { 'dlq-reason': 'invalid envelope: eventId must be a UUID', 'dlq-original-topic': Topic.ReferralSubmitted, 'dlq-consumer': 'matcher', 'dlq-failed-at': new Date().toISOString() } }],
    });
    await producer.disconnect();

    const parked = (await console_.list()).filter((message) => message.key === key);
    expect(parked).toHaveLength(1);
    expect(parked[0]).toMatchObject({ originalTopic: Topic.ReferralSubmitted, reason: 'invalid envelope: eventId must be a UUID', consumer: 'matcher' });

    // Listen on the original topic from its end, then replay.
    const consumer = kafka.consumer({ groupId: `dlq-spec-${randomUUID()}` });
    const seen: { key: string | null; value: Buffer | null; replayedFrom: string | undefined }[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: Topic.ReferralSubmitted, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => void seen.push({ key: message.key?.toString() ?? null, value: message.value, replayedFrom: message.headers?.['dlq-replayed-from']?.toString() }),
    });
    expect(await console_.replay(parked)).toBe(1);
    const deadline = Date.now() + 20_000;
    while (!seen.some((message) => message.key === key) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    await consumer.disconnect();
    const replayed = seen.find((message) => message.key === key);
    expect(replayed?.value).toEqual(value);
    expect(replayed?.replayedFrom).toBe(`${Topic.DeadLetter}:${parked[0]!.partition}:${parked[0]!.offset}`);
  }, TIMEOUT_MS);
});
