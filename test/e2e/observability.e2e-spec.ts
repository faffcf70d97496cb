import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Topic } from '#contracts';
import { tailTopic } from '../support/kafka-tail.js';
import { api, eventually, GATEWAY_URL, kafkaClient, signInAsPlanner } from '../support/system-under-test.js';

// Each service answers Prometheus at /metrics on an internal port of its own (npm test passes them as
// <SERVICE>_METRICS_PORT), never on its API port or through the gateway.
const metricsUrl = (variable: string, testPort: number): string => `http://127.0.0.1:${process.env[variable] ?? testPort}`;
const SERVICES = {
  gateway: metricsUrl('GATEWAY_METRICS_PORT', 13010),
  'facility-registry': metricsUrl('REGISTRY_METRICS_PORT', 13011),
  'referral-service': metricsUrl('REFERRAL_METRICS_PORT', 13012),
  matcher: metricsUrl('MATCHER_METRICS_PORT', 13013),
  identity: metricsUrl('IDENTITY_METRICS_PORT', 13014),
};
const API_URLS = {
  'facility-registry': process.env.REGISTRY_URL ?? 'http://127.0.0.1:13001',
  'referral-service': process.env.REFERRAL_URL ?? 'http://127.0.0.1:13002',
  identity: process.env.IDENTITY_URL ?? 'http://127.0.0.1:13004',
};

async function metrics(service: keyof typeof SERVICES): Promise<string> {
  const response = await fetch(`${SERVICES[service]}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return response.text();
}

/** The value of one series, e.g. sample(text, 'dead_letters_total', { original_topic: 'x' }). */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const line = text
    .split('\n')
    .find(
      (candidate) =>
        candidate.startsWith(`${name}{`) && Object.entries(labels).every(([key, value]) => candidate.includes(`${key}="${value}"`)),
    );
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('metrics for Prometheus', () => {
  it('are not on the public port, nor on the services’ API ports: the gateway answers 404 and proxies nothing', async () => {
    for (const path of ['/metrics', '/api/metrics']) {
      const response = await fetch(`${GATEWAY_URL}${path}`);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('http_requests_total');
    }
    for (const url of Object.values(API_URLS)) expect((await fetch(`${url}/metrics`)).status).toBe(404);
  });

  it('counts requests per route and status, with latencies, in the service and at the gateway', async () => {
    const planner = await signInAsPlanner();
    const before =
      sample(await metrics('referral-service'), 'http_requests_total', { route: '/api/referrals', method: 'POST', status: '400' }) ?? 0;
    expect((await api('POST', '/api/referrals', {}, planner)).status).toBe(400);
    const after = await metrics('referral-service');
    expect(
      sample(after, 'http_requests_total', { route: '/api/referrals', method: 'POST', status: '400', service: 'referral-service' }),
    ).toBe(before + 1);
    expect(after).toMatch(/http_request_duration_seconds_bucket\{[^}]*route="\/api\/referrals"/);
    // Ids never become labels: one series per route pattern.
    expect(after).not.toMatch(/route="\/api\/referrals\/[0-9a-f]{8}-/);
    expect(
      sample(await metrics('gateway'), 'http_requests_total', {
        route: '/api/referrals',
        method: 'POST',
        status: '400',
        service: 'gateway',
      }),
    ).toBeGreaterThan(0);
  });

  it('reports the outbox backlog and each consumer group’s lag', async () => {
    expect(sample(await metrics('referral-service'), 'outbox_backlog', { service: 'referral-service' })).toBeGreaterThanOrEqual(0);
    expect(sample(await metrics('facility-registry'), 'outbox_backlog', { service: 'facility-registry' })).toBeGreaterThanOrEqual(0);
    const lags = await metrics('referral-service');
    expect(sample(lags, 'kafka_consumer_lag', { group: 'referral-service', topic: Topic.BedHold })).toBeGreaterThanOrEqual(0);
    expect(
      sample(await metrics('matcher'), 'kafka_consumer_lag', { group: 'matcher', topic: Topic.ReferralSubmitted }),
    ).toBeGreaterThanOrEqual(0);
    expect(
      sample(await metrics('facility-registry'), 'kafka_consumer_lag', { group: 'facility-registry', topic: Topic.ReferralTask }),
    ).toBeGreaterThanOrEqual(0);
    expect(await metrics('identity')).toContain('process_cpu_user_seconds_total');
  });

  it('counts dead letters by topic and consumer', async () => {
    const labels = { original_topic: Topic.ReferralMatched, consumer: 'referral-service' };
    const before = sample(await metrics('referral-service'), 'dead_letters_total', labels) ?? 0;
    const producer = kafkaClient().producer();
    await producer.connect();
    await producer.send({ topic: Topic.ReferralMatched, messages: [{ key: `metrics-${randomUUID()}`, value: 'not an event' }] });
    await producer.disconnect();
    await eventually(async () => expect(sample(await metrics('referral-service'), 'dead_letters_total', labels)).toBe(before + 1), 20_000);
  });
});

describe('one correlation id follows a referral across the services', () => {
  it('is echoed to the caller, carried on every event the referral causes, and on every log line about it', async () => {
    const correlationId = `e2e-${randomUUID()}`;
    const submitted = await tailTopic(Topic.ReferralSubmitted);
    const matched = await tailTopic(Topic.ReferralMatched);
    try {
      const response = await fetch(`${GATEWAY_URL}/api/referrals`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${await signInAsPlanner()}`,
          'x-correlation-id': correlationId,
        },
        body: JSON.stringify({
          levelOfCare: 'detox-residential',
          payer: 'medicaid',
          patientZip: '40202',
          maxDistanceMiles: 50,
          needs: { gender: 'male', ageYears: 44, substances: ['alcohol'] },
        }),
      });
      expect(response.status).toBe(201);
      expect(response.headers.get('x-correlation-id')).toBe(correlationId);
      const referralId = ((await response.json()) as { id: string }).id;
      for (const topic of [submitted, matched]) {
        const message = await topic.waitFor((candidate) => candidate.key === referralId);
        expect(message.headers['correlation-id']).toBe(correlationId);
      }
      // JSON log lines, one object each, in the services that handled it (npm test keeps the logs).
      const logs = resolve(process.cwd(), 'test/artifacts/logs');
      expect(existsSync(logs)).toBe(true);
      for (const service of ['gateway', 'referral-service', 'matcher']) {
        await eventually(async () => {
          const lines = readFileSync(resolve(logs, `${service}.log`), 'utf8')
            .split('\n')
            .filter((line) => line.includes(correlationId));
          expect(lines.length).toBeGreaterThan(0);
          for (const line of lines) expect(JSON.parse(line)).toMatchObject({ service });
        });
      }
      // A caller cannot inject anything into the logs through the header.
      const forged = await fetch(`${GATEWAY_URL}/api/facilities?pageSize=1`, { headers: { 'x-correlation-id': 'a b"c' } });
      expect(forged.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await submitted.stop();
      await matched.stop();
    }
  });
});
