import { defaultMetadataStorage } from 'class-transformer/cjs/storage.js';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { PAYLOAD_CLASSES, Topic, TOPIC_SPECS, type PayloadTopic, type TopicSpec } from '#contracts';

type Schema = Record<string, unknown>;

// What each topic is keyed by, who writes it and who reads it. Everything else comes from the contract classes.
const TOPICS: Readonly<Record<Topic, { key: string; summary: string; producer: string; consumers: string; inbound?: boolean }>> = {
  [Topic.FacilityProfile]: {
    key: 'facility id',
    summary: 'A facility’s profile: programs, populations, languages, location',
    producer: 'facility-registry',
    consumers: 'matcher',
  },
  [Topic.FacilityCapacity]: {
    key: 'facility id',
    summary: 'A facility’s whole bed board after each change',
    producer: 'facility-registry',
    consumers: 'matcher',
  },
  [Topic.FacilityAccreditation]: {
    key: 'facility id',
    summary: 'A facility’s licences and accreditations',
    producer: 'facility-registry',
    consumers: 'matcher',
  },
  [Topic.FacilityInsurance]: {
    key: 'facility id',
    summary: 'The payers a facility accepts',
    producer: 'facility-registry',
    consumers: 'matcher',
  },
  [Topic.ReferralSubmitted]: {
    key: 'referral id',
    summary: 'A referral to match: the age band, gender, substances and other clinical needs, never an identity or the exact age',
    producer: 'referral-service',
    consumers: 'matcher',
  },
  [Topic.ReferralSubmittedV2]: {
    key: 'referral id',
    summary: 'A referral to match, with the exact age (replaced by referral.submitted.v3)',
    producer: 'referral-service, before the upgrade to referral.submitted.v3',
    consumers: 'matcher',
  },
  [Topic.ReferralMatched]: {
    key: 'referral id',
    summary: 'The ranked, explained matches for a referral',
    producer: 'matcher',
    consumers: 'referral-service',
  },
  [Topic.ReferralTask]: {
    key: 'referral id',
    summary: 'A referral as sent to one facility, at each status change, with the gender and age band a bed must fit',
    producer: 'referral-service',
    consumers: 'facility-registry',
  },
  [Topic.ReferralTaskV1]: {
    key: 'referral id',
    summary: 'A referral as sent to one facility, with the exact age (replaced by referral.task.v2)',
    producer: 'referral-service, before the upgrade to referral.task.v2',
    consumers: 'facility-registry',
  },
  [Topic.BedHold]: {
    key: 'referral id',
    summary: 'A bed held, refused, released, expired or taken for a referral',
    producer: 'facility-registry',
    consumers: 'referral-service',
  },
  [Topic.FacilityCapacityReport]: {
    key: 'facility id',
    summary: 'Bed counts a facility’s own system publishes, signed with its access token; the registry applies them like the API',
    producer: 'a facility’s own system',
    consumers: 'facility-registry',
    inbound: true,
  },
  [Topic.DeadLetter]: {
    key: 'the original message’s key',
    summary: 'Messages no consumer could use, byte for byte, with the reason in headers',
    producer: 'any consumer',
    consumers: 'operators (npm run dead-letters)',
  },
};

/** What a message the registry consumes from outside must carry to prove who sent it. */
const SENDER_PROOF = {
  type: 'string',
  pattern: '^Bearer \\S+$',
  description:
    '`Bearer <access token>` of the facility’s `system` account, from POST /api/auth/token with its API key. The registry ' +
    'checks the signature, issuer and expiry (at the report’s reportedAt), that the account is a system account acting for ' +
    'payload.facilityId and that its access was not revoked, and records the account as the change’s author; anything else ' +
    'goes to the dead-letter topic with the reason.',
};

const camel = (topic: string) => topic.replace(/\.v\d+$/, '').replace(/[.-](\w)/g, (_match, letter: string) => letter.toUpperCase());

/** A topic's name in the document: the current version's is unversioned, a replaced one's keeps its version (referralSubmittedV2). */
const nameOf = (spec: TopicSpec) => (spec.replacedBy ? `${camel(spec.topic)}V${/\.v(\d+)$/.exec(spec.topic)![1]!}` : camel(spec.topic));

/** class-validator's @IsOptional lets null through as well as absence; the schema says so too. */
function nullableOptionals(schema: Schema): Schema {
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
  return {
    ...schema,
    properties: Object.fromEntries(
      Object.entries(properties).map(([name, property]) => [name, required.has(name) ? property : { anyOf: [property, { type: 'null' }] }]),
    ),
  };
}

/** Schemas reachable from the roots, so services' own configuration classes stay out of the document. */
function reachable(all: Record<string, Schema>, roots: string[]): Record<string, Schema> {
  const kept: Record<string, Schema> = {};
  const visit = (name: string) => {
    if (kept[name] || !all[name]) return;
    kept[name] = nullableOptionals(all[name]);
    for (const match of JSON.stringify(all[name]).matchAll(/#\/components\/schemas\/([A-Za-z0-9_]+)/g)) visit(match[1]!);
  };
  roots.forEach(visit);
  return kept;
}

/**
 * The AsyncAPI 3.0 document of every Kafka topic, generated from the event contracts (the same
 * class-validator classes every consumer validates against), so it cannot drift from them.
 */
export function asyncApiDocument(brokers: readonly string[]): Schema {
  const all = validationMetadatasToSchemas({
    refPointerPrefix: '#/components/schemas/',
    classTransformerMetadataStorage: defaultMetadataStorage,
  }) as Record<string, Schema>;
  const payloadTopics = Object.keys(PAYLOAD_CLASSES) as PayloadTopic[];
  const schemas = reachable(all, ['EventEnvelope', ...payloadTopics.map((topic) => PAYLOAD_CLASSES[topic].name)]);
  const channels: Schema = {};
  const operations: Schema = {};
  const messages: Schema = {};
  for (const spec of TOPIC_SPECS) {
    const about = TOPICS[spec.topic];
    const name = nameOf(spec);
    const payloadClass = (PAYLOAD_CLASSES as Partial<Record<Topic, { name: string }>>)[spec.topic];
    // A replaced topic is still read during an upgrade, but nothing publishes on it any more.
    const deprecation = spec.replacedBy
      ? `Deprecated: replaced by ${spec.replacedBy}; nothing publishes here any more, and ${about.consumers} reads the events ` +
        'still in it during an upgrade, converted to the new version as they are read. '
      : '';
    const tags = spec.replacedBy ? { tags: [{ name: 'deprecated', description: `Replaced by ${spec.replacedBy}` }] } : {};
    messages[name] = {
      name,
      title: spec.topic,
      summary: about.summary,
      ...(spec.replacedBy ? { deprecated: true } : {}),
      contentType: payloadClass ? 'application/json' : 'application/octet-stream',
      headers: {
        type: 'object',
        ...(about.inbound ? { required: ['authorization'] } : {}),
        properties: payloadClass
          ? {
              'event-id': { type: 'string', format: 'uuid', description: 'The envelope’s eventId' },
              'correlation-id': { type: 'string', description: 'Follows one referral or request through every service' },
              ...(about.inbound ? { authorization: SENDER_PROOF } : {}),
            }
          : {
              'dlq-reason': { type: 'string' },
              'dlq-original-topic': { type: 'string' },
              'dlq-original-partition': { type: 'string' },
              'dlq-original-offset': { type: 'string' },
              'dlq-consumer': { type: 'string' },
              'dlq-failed-at': { type: 'string', format: 'date-time' },
            },
      },
      payload: payloadClass
        ? {
            allOf: [
              { $ref: '#/components/schemas/EventEnvelope' },
              {
                type: 'object',
                properties: {
                  type: { type: 'string', enum: [spec.topic] },
                  key: { type: 'string', description: about.key },
                  payload: { $ref: `#/components/schemas/${payloadClass.name}` },
                },
              },
            ],
          }
        : { type: 'string', format: 'binary', description: 'The original message value, unchanged' },
      bindings: {
        kafka: {
          key: { type: 'string', description: `The ${about.key}: one aggregate’s messages stay in order on one partition` },
          bindingVersion: '0.5.0',
        },
      },
    };
    channels[name] = {
      address: spec.topic,
      title: spec.topic,
      summary: about.summary,
      ...tags,
      description:
        deprecation +
        `Written by ${about.producer}. Read by ${about.consumers}. Keyed by ${about.key}. ` +
        (spec.compacted
          ? 'Compacted: the latest message per key is kept, so a consumer can rebuild state from the start.'
          : 'Kept for the broker’s retention time.'),
      messages: { [name]: { $ref: `#/components/messages/${name}` } },
      bindings: {
        kafka: {
          topic: spec.topic,
          partitions: spec.partitions,
          topicConfiguration: { 'cleanup.policy': [spec.compacted ? 'compact' : 'delete'] },
          bindingVersion: '0.5.0',
        },
      },
    };
    // The system receives what it no longer publishes: inbound reports, and events left on a replaced topic.
    const receives = about.inbound === true || spec.replacedBy !== undefined;
    operations[`${receives ? 'receive' : 'send'}${name[0]!.toUpperCase()}${name.slice(1)}`] = {
      action: receives ? 'receive' : 'send',
      channel: { $ref: `#/channels/${name}` },
      summary: about.inbound
        ? `The registry applies what facilities publish on ${spec.topic}`
        : spec.replacedBy
          ? `The ${about.consumers} reads the events left on ${spec.topic} during an upgrade`
          : `The system publishes ${spec.topic}`,
      ...tags,
      messages: [{ $ref: `#/channels/${name}/messages/${name}` }],
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'SUD referral events',
      version: '1',
      description:
        'Every Kafka topic of the SUD referral service. The version is in each topic name: a breaking change is a new topic. ' +
        'Messages are JSON envelopes (eventId, type, occurredAt, producer, key, sequence, payload); consumers validate them and ' +
        'send what they cannot use to platform.dead-letter.v1 with the reason.',
    },
    defaultContentType: 'application/json',
    servers: Object.fromEntries(
      brokers.map((broker, index) => [
        `broker${index + 1}`,
        {
          host: broker,
          protocol: 'kafka-secure',
          description:
            'Apache Kafka (KRaft), TLS only. Every client authenticates with SASL SCRAM-SHA-512 as a principal whose ACLs allow ' +
            'exactly the topics it uses: a facility system may publish to facility.capacity-report.v1 and to nothing else, ' +
            'with its access token in the `authorization` header of each message.',
          security: [{ $ref: '#/components/securitySchemes/scramSha512' }],
        },
      ]),
    ),
    channels,
    operations,
    components: {
      messages,
      schemas,
      securitySchemes: {
        scramSha512: {
          type: 'scramSha512',
          description: 'The principal and password an admin gave this client (one per service, one per facility system).',
        },
      },
    },
  };
}
