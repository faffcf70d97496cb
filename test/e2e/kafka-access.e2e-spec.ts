import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';
import { FACILITY_SYSTEM_TOPIC_ACCESS, SERVICE_TOPIC_ACCESS, Topic } from '#contracts';
import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, kafkaSecurity, ResourcePatternTypes } from '#messaging';
import { KAFKA_BROKERS, KAFKA_CA_FILE, KAFKA_FACILITY_SYSTEM, kafkaClient } from '../support/system-under-test.js';

// The attacker's side of the broker: who may connect, and what each principal may write and read.

/** Publishes one message with a client that gives up at once; resolves to the error kafkajs raised, or null. */
async function publish(config: Omit<KafkaConfig, 'clientId'>, topic: string): Promise<Error | null> {
  const client = new Kafka({
    clientId: `attack-${randomUUID()}`,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3_000,
    retry: { retries: 0 },
    ...config,
  });
  const producer = client.producer();
  try {
    await producer.connect();
    await producer.send({ topic, messages: [{ key: randomUUID(), value: '{"forged":true}' }] });
    return null;
  } catch (error) {
    return error as Error;
  } finally {
    await producer.disconnect().catch(() => undefined);
  }
}

const CA = readFileSync(KAFKA_CA_FILE, 'utf8');

describe('Kafka accepts only authenticated principals, each limited to its topics', () => {
  it('refuses a client without credentials, over plaintext or over TLS alone', async () => {
    expect(await publish({ brokers: KAFKA_BROKERS }, Topic.ReferralTask)).toBeInstanceOf(Error);
    expect(await publish({ brokers: KAFKA_BROKERS, ssl: { ca: [CA] } }, Topic.ReferralTask)).toBeInstanceOf(Error);
  });

  it('refuses a known principal with a wrong password', async () => {
    const error = await publish(
      kafkaSecurity({ ...KAFKA_FACILITY_SYSTEM, password: `wrong-${randomUUID()}` }),
      Topic.FacilityCapacityReport,
    );
    expect(error?.message).toMatch(/authentication failed/i);
  });

  it('refuses a client that does not trust the broker’s certificate authority', async () => {
    // The system's CAs do not know the broker's private CA: nobody can stand in for the broker unnoticed either.
    const error = await publish({ ...kafkaSecurity(KAFKA_FACILITY_SYSTEM), ssl: true }, Topic.FacilityCapacityReport);
    expect(error).toBeInstanceOf(Error);
  });

  it('lets a facility system publish bed-count reports, and nothing else: no referral tasks, no forged matches or counts', async () => {
    expect(await publish(kafkaSecurity(KAFKA_FACILITY_SYSTEM), Topic.FacilityCapacityReport)).toBeNull();
    for (const topic of [
      Topic.ReferralTask,
      Topic.ReferralTaskV1,
      Topic.ReferralMatched,
      Topic.FacilityCapacity,
      Topic.BedHold,
      Topic.DeadLetter,
    ]) {
      const error = await publish(kafkaSecurity(KAFKA_FACILITY_SYSTEM), topic);
      expect({ topic, refused: error?.message }).toEqual({ topic, refused: expect.stringMatching(/not authorized/i) });
    }
  });

  it('does not let a facility system read referrals off Kafka', async () => {
    const client = new Kafka({
      clientId: `attack-${randomUUID()}`,
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
      ...kafkaSecurity(KAFKA_FACILITY_SYSTEM),
    });
    const consumer = client.consumer({ groupId: `${KAFKA_FACILITY_SYSTEM.username}-${randomUUID()}` });
    try {
      await consumer.connect();
      await expect(
        (async () => {
          await consumer.subscribe({ topic: Topic.ReferralSubmitted, fromBeginning: true });
          await consumer.run({ eachMessage: async () => undefined });
        })(),
      ).rejects.toThrow(/not authorized/i);
    } finally {
      await consumer.disconnect().catch(() => undefined);
    }
  });

  it('grants each service exactly the topics it uses, and the facility systems only bed-count reports', async () => {
    const admin = kafkaClient().admin();
    await admin.connect();
    try {
      const topicGrants = async (principal: string) => {
        const { resources } = await admin.describeAcls({
          resourceType: AclResourceTypes.TOPIC,
          resourcePatternType: ResourcePatternTypes.ANY,
          principal: `User:${principal}`,
          operation: AclOperationTypes.ANY,
          permissionType: AclPermissionTypes.ANY,
        });
        const grants = (operation: (typeof AclOperationTypes)[keyof typeof AclOperationTypes]) =>
          resources.filter((resource) => resource.acls.some((acl) => acl.operation === operation)).map((resource) => resource.resourceName);
        return { writes: grants(AclOperationTypes.WRITE).sort(), reads: grants(AclOperationTypes.READ).sort() };
      };
      for (const [service, access] of Object.entries(SERVICE_TOPIC_ACCESS)) {
        expect({ service, ...(await topicGrants(service)) }).toEqual({
          service,
          writes: [...access.produces].sort(),
          reads: [...access.consumes].sort(),
        });
      }
      expect(await topicGrants(KAFKA_FACILITY_SYSTEM.username)).toEqual({ writes: [...FACILITY_SYSTEM_TOPIC_ACCESS.produces], reads: [] });
    } finally {
      await admin.disconnect();
    }
  });
});
