import { DiagnosticSeverity, Parser, type Diagnostic } from '@asyncapi/parser';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { Topic } from '#contracts';
import { tailTopic } from '../support/kafka-tail.js';
import {
  api,
  eventually,
  GATEWAY_URL,
  KAFKA_BROKERS,
  KAFKA_CA_FILE,
  KAFKA_FACILITY_SYSTEM,
  kafkaClient,
  signInAs,
  signInAsAdmin,
} from '../support/system-under-test.js';
import { testFacility, uniqueName } from '../support/test-facility.js';

// The Kafka side as an outside system sees it: the AsyncAPI document, real messages checked against
// it, and bed counts published with Kafka's console producer exactly as the README shows, signed with a system account's token.

const run = promisify(execFile);
const LEVEL = 'detox-residential';
const KAFKA_SCRIPT = resolve(process.cwd(), 'deploy/kafka/kafka.sh');

type Json = Record<string, any>;
// The parser re-exports DiagnosticSeverity from one copy of @stoplight/types, and types its diagnostics with spectral's own copy.
const ERROR = DiagnosticSeverity.Error as number as Diagnostic['severity'];
let document: Json;

async function facility(): Promise<{ id: string; staff: string }> {
  const created = await api<{ id: string }>(
    'POST',
    '/api/facilities',
    testFacility({ name: uniqueName('E2E Kafka Basin Recovery'), programs: [{ levelOfCare: LEVEL }] }),
    await signInAsAdmin(),
  );
  expect(created.status).toBe(201);
  return { id: created.body.id, staff: await signInAs('facility-staff', [created.body.id]) };
}

interface SystemAccount {
  id: string;
  apiKey: string;
  /** An access token from its API key, as a facility's system gets one. */
  token: string;
}

/** A `system` account acting for these facilities, with an API key and a token from it. */
async function systemAccount(facilityIds: string[]): Promise<SystemAccount> {
  const admin = await signInAsAdmin();
  const created = await api<{ id: string }>(
    'POST',
    '/api/accounts',
    { email: `kafka-beds-${randomUUID()}@test.example`, displayName: 'E2E bed board', role: 'system', facilityIds },
    admin,
  );
  expect(created.status).toBe(201);
  const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
  const key = await api<{ id: string; apiKey: string }>('POST', `/api/accounts/${created.body.id}/api-keys`, { expiresAt }, admin);
  expect(key.status).toBe(201);
  const signedIn = await api<{ accessToken: string }>('POST', '/api/auth/token', { apiKey: key.body.apiKey });
  expect(signedIn.status).toBe(200);
  return { id: created.body.id, apiKey: key.body.apiKey, token: signedIn.body.accessToken };
}

/** A capacity report as a facility's system publishes it, signed with `token` unless it is null. */
function capacityReport(facilityId: string, token: string | null, available: number, reportedAt = new Date().toISOString()) {
  const eventId = randomUUID();
  return {
    eventId,
    message: {
      key: facilityId,
      value: JSON.stringify({
        eventId,
        type: Topic.FacilityCapacityReport,
        occurredAt: new Date().toISOString(),
        producer: 'e2e-ehr',
        key: facilityId,
        sequence: 1,
        payload: { facilityId, reportedAt, beds: [{ levelOfCare: LEVEL, staffed: 9, available }] },
      }),
      headers: token === null ? {} : { authorization: `Bearer ${token}` },
    },
  };
}

type Bed = { levelOfCare: string; staffed: number; available: number };

/** The README's Kafka client block, run with bash as a reader would paste it. */
function readmeKafkaClientExample(): string {
  const readme = readFileSync(resolve(process.cwd(), 'README.md'), 'utf8');
  const match = /<!-- kafka-client-example -->\s*```sh\n([\s\S]*?)```/.exec(readme);
  if (!match) throw new Error('README.md has no Kafka client example block');
  return match[1]!;
}

beforeAll(async () => {
  const response = await api<Json>('GET', '/api/asyncapi.json');
  expect(response.status).toBe(200);
  document = response.body;
});

describe('the Kafka interface', () => {
  it('the AsyncAPI document is valid AsyncAPI 3.0 and describes every topic with its key, headers and payload', async () => {
    const { document: parsed, diagnostics } = await new Parser().parse(JSON.stringify(document));
    expect(
      diagnostics
        .filter((diagnostic) => diagnostic.severity === ERROR)
        .map((diagnostic) => `${diagnostic.path.join('.')}: ${diagnostic.message}`),
    ).toEqual([]);
    expect(parsed).toBeDefined();
    const addresses = parsed!
      .channels()
      .all()
      .map((channel) => channel.address());
    expect(addresses.sort()).toEqual(Object.values(Topic).sort());
    const onReports = parsed!
      .operations()
      .all()
      .filter((operation) =>
        operation
          .channels()
          .all()
          .some((channel) => channel.address() === Topic.FacilityCapacityReport),
      );
    expect(onReports.map((operation) => operation.action())).toEqual(['receive']);
    const schema = document.components.schemas.FacilityCapacityReportValue;
    expect(schema.required).toEqual(expect.arrayContaining(['facilityId', 'reportedAt', 'beds']));
  });

  it('real messages from the broker match the document’s schemas, and a wrong one does not', async () => {
    const { id, staff } = await facility();
    const capacity = await tailTopic(Topic.FacilityCapacity);
    try {
      expect(
        (await api('PUT', `/api/facilities/${id}/capacity`, { beds: [{ levelOfCare: LEVEL, staffed: 9, available: 3 }] }, staff)).status,
      ).toBe(200);
      const message = await capacity.waitFor((candidate) => candidate.key === id);
      const ajv = new Ajv({ strict: false, allErrors: true });
      addFormats.default(ajv);
      ajv.addSchema({ $id: 'asyncapi', components: document.components });
      const validate = ajv.compile({ $ref: 'asyncapi#/components/messages/facilityCapacity/payload' });
      expect(validate(JSON.parse(message.value!))).toBe(true);
      const wrong = JSON.parse(message.value!);
      wrong.payload.beds[0].available = -1;
      expect(validate(wrong)).toBe(false);
    } finally {
      await capacity.stop();
    }
  });

  it('a facility’s system publishes bed counts with the README’s console producer; the registry applies and announces them', async () => {
    const { id, staff } = await facility();
    const system = await systemAccount([id]);
    const capacity = await tailTopic(Topic.FacilityCapacity);
    try {
      await run('bash', ['-euo', 'pipefail', '-c', readmeKafkaClientExample()], {
        env: {
          ...process.env,
          FACILITY: id,
          API_KEY: system.apiKey,
          API: GATEWAY_URL,
          BROKER: KAFKA_BROKERS[0]!,
          KAFKA_USERNAME: KAFKA_FACILITY_SYSTEM.username,
          KAFKA_PASSWORD: KAFKA_FACILITY_SYSTEM.password,
          KAFKA_CA_FILE,
          // The console producer from the jars the local broker runs on, as the README says.
          PRODUCER: `bash ${KAFKA_SCRIPT} console-producer`,
        },
      });
      await eventually(async () => {
        const beds = await api<{ beds: { levelOfCare: string; staffed: number; available: number }[] }>('GET', `/api/facilities/${id}`);
        expect(beds.body.beds).toEqual([expect.objectContaining({ levelOfCare: LEVEL, staffed: 12, available: 4 })]);
      }, 30_000);
      const announced = await capacity.waitFor((candidate) => candidate.key === id);
      expect(JSON.parse(announced.value!).payload.beds[0]).toMatchObject({ staffed: 12, available: 4 });
      // The change is the system account's, as if it had reported over the API.
      const history = await api<{ items: { aspect: string; changedBy: string }[] }>(
        'GET',
        `/api/facilities/${id}/history`,
        undefined,
        staff,
      );
      expect(history.body.items.filter((change) => change.aspect === 'capacity').map((change) => change.changedBy)).toEqual([system.id]);
    } finally {
      await capacity.stop();
    }
  }, 60_000);

  it('an older report than the last count changes nothing, and one for an unknown facility is dead-lettered with the reason', async () => {
    const { id, staff } = await facility();
    expect(
      (await api('PUT', `/api/facilities/${id}/capacity`, { beds: [{ levelOfCare: LEVEL, staffed: 9, available: 2 }] }, staff)).status,
    ).toBe(200);
    const producer = kafkaClient().producer();
    const deadLetters = await tailTopic(Topic.DeadLetter);
    await producer.connect();
    try {
      const unknown = randomUUID();
      // Its account may act for a facility the registry does not know: the facility is what is refused.
      const { token } = await systemAccount([id, unknown]);
      const envelope = (facilityId: string, reportedAt: string, available: number) =>
        capacityReport(facilityId, token, available, reportedAt).message;
      const capacity = await tailTopic(Topic.FacilityCapacity);
      try {
        // Same key, same partition: the newer report is applied after the older one was looked at.
        await producer.send({
          topic: Topic.FacilityCapacityReport,
          messages: [
            envelope(id, new Date(Date.now() - 3_600_000).toISOString(), 7),
            envelope(unknown, new Date().toISOString(), 1),
            envelope(id, new Date().toISOString(), 5),
          ],
        });
        const parked = await deadLetters.waitFor((message) => message.key === unknown, 30_000);
        expect(parked.headers['dlq-reason']).toMatch(new RegExp(`facility ${unknown} `));
        expect(parked.headers['dlq-reason']).not.toMatch(/may not report/);
        await capacity.waitFor((message) => message.key === id && JSON.parse(message.value!).payload.beds[0].available === 5, 30_000);
        await expect(
          capacity.waitFor((message) => message.key === id && JSON.parse(message.value!).payload.beds[0].available === 7, 500),
        ).rejects.toThrow();
      } finally {
        await capacity.stop();
      }
    } finally {
      await producer.disconnect();
      await deadLetters.stop();
    }
  }, 60_000);

  describe('a report proves who sent it', () => {
    it('unsigned, signed for another facility or by staff: dead-lettered with the reason, changing nothing', async () => {
      const { id, staff } = await facility();
      expect(
        (await api('PUT', `/api/facilities/${id}/capacity`, { beds: [{ levelOfCare: LEVEL, staffed: 9, available: 2 }] }, staff)).status,
      ).toBe(200);
      const elsewhere = await facility();
      const [otherSystem, ownSystem] = await Promise.all([systemAccount([elsewhere.id]), systemAccount([id])]);
      const unsigned = capacityReport(id, null, 8);
      const otherFacility = capacityReport(id, otherSystem.token, 7);
      const byStaff = capacityReport(id, staff, 6);
      const producer = kafkaClient().producer();
      const deadLetters = await tailTopic(Topic.DeadLetter);
      await producer.connect();
      try {
        await producer.send({
          topic: Topic.FacilityCapacityReport,
          messages: [unsigned, otherFacility, byStaff].map((report) => report.message),
        });
        const reasons = await Promise.all(
          [unsigned, otherFacility, byStaff].map(async (report) => {
            const parked = await deadLetters.waitFor((message) => message.value?.includes(report.eventId) === true, 30_000);
            expect(parked.headers['dlq-original-topic']).toBe(Topic.FacilityCapacityReport);
            return parked.headers['dlq-reason']!;
          }),
        );
        expect(reasons[0]).toMatch(/^no access token in the authorization header/);
        expect(reasons[1]).toBe(`account ${otherSystem.id} may not report for facility ${id}`);
        expect(reasons[2]).toMatch(/is facility-staff: only a facility's system account may report/);
        // The token is proof, not a record: it is nowhere in the reasons.
        for (const token of [otherSystem.token, staff]) expect(reasons.join('\n')).not.toContain(token.split('.')[2]);
        const beds = await api<{ beds: Bed[] }>('GET', `/api/facilities/${id}`);
        expect(beds.body.beds).toEqual([expect.objectContaining({ levelOfCare: LEVEL, staffed: 9, available: 2 })]);

        // Signed by the facility's own system: applied, and its account is the change's author.
        await producer.send({ topic: Topic.FacilityCapacityReport, messages: [capacityReport(id, ownSystem.token, 5).message] });
        await eventually(async () => {
          const applied = await api<{ beds: Bed[] }>('GET', `/api/facilities/${id}`);
          expect(applied.body.beds).toEqual([expect.objectContaining({ levelOfCare: LEVEL, available: 5 })]);
        }, 30_000);
        const history = await api<{ items: { aspect: string; changedBy: string }[] }>(
          'GET',
          `/api/facilities/${id}/history?aspect=capacity`,
          undefined,
          staff,
        );
        expect(history.body.items[0]!.changedBy).toBe(ownSystem.id);
      } finally {
        await producer.disconnect();
        await deadLetters.stop();
      }
    }, 60_000);

    it('a token whose API key was revoked is refused, though it has not expired', async () => {
      const { id, staff } = await facility();
      expect(
        (await api('PUT', `/api/facilities/${id}/capacity`, { beds: [{ levelOfCare: LEVEL, staffed: 9, available: 3 }] }, staff)).status,
      ).toBe(200);
      const system = await systemAccount([id]);
      const admin = await signInAsAdmin();
      const keys = await api<{ id: string }[]>('GET', `/api/accounts/${system.id}/api-keys`, undefined, admin);
      expect((await api('DELETE', `/api/accounts/${system.id}/api-keys/${keys.body[0]!.id}`, undefined, admin)).status).toBe(204);
      // Once the registry itself refuses the token over HTTP, it has learnt of the revocation.
      await eventually(async () => {
        expect((await api('GET', `/api/facilities/${id}/holds`, undefined, system.token)).status).toBe(401);
      }, 30_000);
      const producer = kafkaClient().producer();
      const deadLetters = await tailTopic(Topic.DeadLetter);
      await producer.connect();
      try {
        const revoked = capacityReport(id, system.token, 1);
        await producer.send({ topic: Topic.FacilityCapacityReport, messages: [revoked.message] });
        const parked = await deadLetters.waitFor((message) => message.value?.includes(revoked.eventId) === true, 30_000);
        expect(parked.headers['dlq-reason']).toMatch(/^access revoked/);
        const beds = await api<{ beds: Bed[] }>('GET', `/api/facilities/${id}`);
        expect(beds.body.beds).toEqual([expect.objectContaining({ levelOfCare: LEVEL, staffed: 9, available: 3 })]);
      } finally {
        await producer.disconnect();
        await deadLetters.stop();
      }
    }, 60_000);
  });
});
