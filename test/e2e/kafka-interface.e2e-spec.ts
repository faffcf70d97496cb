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
import { api, eventually, KAFKA_BROKERS, kafkaClient, signInAs, signInAsAdmin } from '../support/system-under-test.js';
import { testFacility, uniqueName } from '../support/test-facility.js';

// The Kafka side as an outside system sees it: the AsyncAPI document, real messages checked against
// it, and bed counts published with kcat exactly as the README shows.

const run = promisify(execFile);
const LEVEL = 'detox-residential';

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

/** The README's kcat block, run with bash as a reader would paste it. */
function readmeKcatExample(): string {
  const readme = readFileSync(resolve(process.cwd(), 'README.md'), 'utf8');
  const match = /<!-- kcat-example -->\s*```sh\n([\s\S]*?)```/.exec(readme);
  if (!match) throw new Error('README.md has no kcat example block');
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

  it('a facility’s system publishes bed counts with the README’s kcat command; the registry applies them and announces them', async () => {
    const { id } = await facility();
    const capacity = await tailTopic(Topic.FacilityCapacity);
    try {
      await run('bash', ['-euo', 'pipefail', '-c', readmeKcatExample()], {
        env: { ...process.env, FACILITY: id, BROKER: KAFKA_BROKERS[0]! },
      });
      await eventually(async () => {
        const beds = await api<{ beds: { levelOfCare: string; staffed: number; available: number }[] }>('GET', `/api/facilities/${id}`);
        expect(beds.body.beds).toEqual([expect.objectContaining({ levelOfCare: LEVEL, staffed: 12, available: 4 })]);
      }, 30_000);
      const announced = await capacity.waitFor((candidate) => candidate.key === id);
      expect(JSON.parse(announced.value!).payload.beds[0]).toMatchObject({ staffed: 12, available: 4 });
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
      const envelope = (facilityId: string, reportedAt: string, available: number) => ({
        key: facilityId,
        value: JSON.stringify({
          eventId: randomUUID(),
          type: Topic.FacilityCapacityReport,
          occurredAt: new Date().toISOString(),
          producer: 'e2e-ehr',
          key: facilityId,
          sequence: 1,
          payload: { facilityId, reportedAt, beds: [{ levelOfCare: LEVEL, staffed: 9, available }] },
        }),
      });
      const unknown = randomUUID();
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
        expect(parked.headers['dlq-reason']).toMatch(new RegExp(`facility ${unknown}`));
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
});
