import { Kafka, logLevel } from 'kafkajs';
import type { KafkaConnection } from '#config';
import { kafkaSecurity } from '#messaging';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { GATEWAY_URL, KAFKA_ADMIN, KAFKA_BROKERS, KAFKA_CA_FILE, KAFKA_FACILITY_SYSTEM, kafkaPrincipal } from './environment.js';

export { GATEWAY_URL, KAFKA_ADMIN, KAFKA_BROKERS, KAFKA_CA_FILE, KAFKA_FACILITY_SYSTEM, kafkaPrincipal };

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

/** A kafkajs client; the admin (any topic) unless another principal is named. */
export function kafkaClient(connection: KafkaConnection = KAFKA_ADMIN): Kafka {
  return new Kafka({ clientId: `e2e-${randomUUID()}`, ...kafkaSecurity(connection), logLevel: logLevel.NOTHING });
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
