import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Where `npm test` started the system (deploy/local/test.mjs); override to test another deployment. */
export const GATEWAY_URL = process.env.GATEWAY_URL ?? 'http://127.0.0.1:13000';
export const KAFKA_BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',');

export interface ApiResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

export async function api<T = any>(method: string, path: string, body?: unknown, token?: string): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${GATEWAY_URL}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed as T, headers: response.headers };
}

export function kafkaClient(): Kafka {
  return new Kafka({ clientId: `e2e-${randomUUID()}`, brokers: KAFKA_BROKERS, logLevel: logLevel.NOTHING });
}

export interface ReceivedMessage {
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

/**
 * Collects messages on a topic from its current end, so a test sees only what happens after it
 * started listening. Returns a function that waits for a message matching a predicate.
 */
export async function listen(topic: string): Promise<{
  waitFor: (predicate: (message: ReceivedMessage) => boolean, timeoutMs?: number) => Promise<ReceivedMessage>;
  stop: () => Promise<void>;
}> {
  const kafka = kafkaClient();
  const consumer: Consumer = kafka.consumer({ groupId: `e2e-${randomUUID()}` });
  const received: ReceivedMessage[] = [];
  // Start at each partition's end as it is now: nothing produced from here on is missed, and the
  // thousands of facility events already on the topic are not read again.
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let joined: () => void = () => undefined;
  const hasJoined = new Promise<void>((resolve) => (joined = resolve));
  consumer.on(consumer.events.GROUP_JOIN, () => joined());
  await consumer.run({
    eachMessage: async ({ message }) => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = String(value);
      received.push({ key: message.key?.toString() ?? null, value: message.value?.toString() ?? null, headers });
    },
  });
  for (const { partition, offset } of ends) consumer.seek({ topic, partition, offset });
  await hasJoined;
  return {
    waitFor: async (predicate, timeoutMs = 15_000) => {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const found = received.find(predicate);
        if (found) return found;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`no matching message on ${topic} within ${timeoutMs} ms (saw ${received.length})`);
    },
    stop: () => consumer.disconnect(),
  };
}

/** Retries until `check` passes: for effects that cross Kafka and so arrive a moment later. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

// Shared by every spec file of a run: the admin signs in once, not once per file, as the sign-in
// limit of 10 per account and 15 minutes would otherwise refuse the later files.
const ADMIN_TOKEN_FILE = resolve(process.cwd(), 'test/artifacts/e2e-admin-token.json');

/** An access token for the admin account `npm test` created. */
export async function signInAsAdmin(): Promise<string> {
  try {
    const cached = JSON.parse(readFileSync(ADMIN_TOKEN_FILE, 'utf8')) as { token: string; expiresAt: number };
    if (cached.expiresAt - Date.now() > 120_000) return cached.token;
  } catch {
    // no token yet
  }
  const response = await api<{ accessToken: string; expiresIn: number }>('POST', '/api/auth/token', {
    email: process.env.E2E_ADMIN_EMAIL ?? 'admin@test.example',
    password: process.env.E2E_ADMIN_PASSWORD,
  });
  if (response.status !== 200) throw new Error(`admin sign-in failed: ${response.status} ${JSON.stringify(response.body)}`);
  const token = response.body.accessToken;
  if (existsSync(dirname(ADMIN_TOKEN_FILE))) {
    writeFileSync(ADMIN_TOKEN_FILE, JSON.stringify({ token, expiresAt: Date.now() + response.body.expiresIn * 1000 }));
  }
  return token;
}

export interface TestAccount {
  email: string;
  password: string;
  displayName: string;
}

/** Creates an account with the given role (and facilities or organisation); returns what a person types to sign in. */
export async function createAccount(
  role: 'planner' | 'facility-staff' | 'admin',
  facilityIds: string[] = [],
  organization: string | null = null,
  displayName?: string,
): Promise<TestAccount> {
  const email = `${role}-${randomUUID()}@test.example`;
  const password = `pw-${randomUUID()}`;
  const created = await api(
    'POST',
    '/api/accounts',
    { email, displayName: displayName ?? email, role, facilityIds, password, ...(organization ? { organization } : {}) },
    await signInAsAdmin(),
  );
  if (created.status !== 201) throw new Error(`could not create a ${role}: ${created.status} ${JSON.stringify(created.body)}`);
  return { email, password, displayName: displayName ?? email };
}

/** Creates an account with the given role (and facilities or organisation) and returns an access token for it. */
export async function signInAs(
  role: 'planner' | 'facility-staff' | 'admin',
  facilityIds: string[] = [],
  organization: string | null = null,
): Promise<string> {
  const { email, password } = await createAccount(role, facilityIds, organization);
  const token = await api<{ accessToken: string }>('POST', '/api/auth/token', { email, password });
  return token.body.accessToken;
}

let plannerToken: Promise<string> | undefined;

/** One planner of "E2E General Hospital", shared by the specs that only need someone allowed to refer. */
export function signInAsPlanner(): Promise<string> {
  plannerToken ??= signInAs('planner', [], 'E2E General Hospital');
  return plannerToken;
}
