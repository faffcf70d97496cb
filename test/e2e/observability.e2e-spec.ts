import { randomUUID } from 'node:crypto';
import { Topic } from '#contracts';
import { tailTopic } from '../support/kafka-tail.js';
import { instanceUrls, serviceLogText } from '../support/service-instances.js';
import { api, eventually, GATEWAY_URL, kafkaClient, signInAsPlanner } from '../support/system-under-test.js';

// Each service answers Prometheus at /metrics on an internal port of its own (npm test passes them as
// <SERVICE>_METRICS_PORT), never on its API port or through the gateway; every instance on its own.
const metricsUrls = (service: string, variable: string, testPort: number): string[] =>
  instanceUrls(service, Number(process.env[variable] ?? testPort));
const SERVICES = {
  gateway: metricsUrls('gateway', 'GATEWAY_METRICS_PORT', 13010),
  'facility-registry': metricsUrls('facility-registry', 'REGISTRY_METRICS_PORT', 13011),
  'referral-service': metricsUrls('referral-service', 'REFERRAL_METRICS_PORT', 13012),
  matcher: metricsUrls('matcher', 'MATCHER_METRICS_PORT', 13013),
  identity: metricsUrls('identity', 'IDENTITY_METRICS_PORT', 13014),
};
const API_URLS = [
  ...instanceUrls('facility-registry', Number(process.env.REGISTRY_PORT ?? 13001)),
  ...instanceUrls('referral-service', Number(process.env.REFERRAL_PORT ?? 13002)),
  ...instanceUrls('identity', Number(process.env.IDENTITY_PORT ?? 13004)),
];

/** The metrics of every instance of a service (the gateway has one). */
async function metricsOfEach(service: keyof typeof SERVICES): Promise<string[]> {
  return Promise.all(
    SERVICES[service].map(async (url) => {
      const response = await fetch(`${url}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain');
      return response.text();
    }),
  );
}

/** The metrics of the service's first instance: for what each instance reports alike. */
async function metrics(service: keyof typeof SERVICES): Promise<string> {
  return (await metricsOfEach(service))[0]!;
}

/** One series summed over the instances of a service: whichever instance took the request counted it. */
async function total(service: keyof typeof SERVICES, name: string, labels: Record<string, string>): Promise<number> {
  return (await metricsOfEach(service)).reduce((sum, text) => sum + (sample(text, name, labels) ?? 0), 0);
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
    for (const url of API_URLS) expect((await fetch(`${url}/metrics`)).status).toBe(404);
  });

  it('counts requests per route and status, with latencies, in the service and at the gateway', async () => {
    const planner = await signInAsPlanner();
    const labels = { route: '/api/referrals', method: 'POST', status: '400', service: 'referral-service' };
    const before = await total('referral-service', 'http_requests_total', labels);
    expect((await api('POST', '/api/referrals', {}, planner)).status).toBe(400);
    expect(await total('referral-service', 'http_requests_total', labels)).toBe(before + 1);
    const after = (await metricsOfEach('referral-service')).join('\n');
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
    const before = await total('referral-service', 'dead_letters_total', labels);
    const producer = kafkaClient().producer();
    await producer.connect();
    await producer.send({ topic: Topic.ReferralMatched, messages: [{ key: `metrics-${randomUUID()}`, value: 'not an event' }] });
    await producer.disconnect();
    await eventually(async () => expect(await total('referral-service', 'dead_letters_total', labels)).toBe(before + 1), 20_000);
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
      for (const service of ['gateway', 'referral-service', 'matcher']) {
        await eventually(async () => {
          const lines = serviceLogText(service)
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
