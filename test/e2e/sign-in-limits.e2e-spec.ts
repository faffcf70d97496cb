import { request as httpRequest } from 'node:http';
import { randomInt, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { importJWK, SignJWT, type JWK } from 'jose';
import { createAccount, GATEWAY_URL } from '../support/system-under-test.js';

// Settings `npm test` runs with (the services' defaults otherwise).
const PER_ADDRESS = Number(process.env.SIGN_IN_PER_ADDRESS_PER_MINUTE ?? 30);
const FREE_FAILURES = Number(process.env.SIGN_IN_FAILURES_BEFORE_DELAY ?? 5);

interface Answer {
  status: number;
  retryAfter: number;
  body: { message?: string; accessToken?: string };
}

/**
 * A client of its own: every address in 127.0.0.0/8 is this machine, so each test signs in from a fresh
 * one and neither uses up nor inherits the per-address budget of the other specs (which call from 127.0.0.1).
 */
function freshAddress(): string {
  return `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
}

function postFrom(localAddress: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const gateway = new URL(GATEWAY_URL);
  const payload = JSON.stringify(body);
  return new Promise((done, fail) => {
    const sent = httpRequest(
      {
        host: gateway.hostname,
        port: gateway.port,
        path,
        method: 'POST',
        localAddress,
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)), ...headers },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          let parsed: Answer['body'] = {};
          try {
            parsed = JSON.parse(text) as Answer['body'];
          } catch {
            // not JSON
          }
          done({ status: response.statusCode ?? 0, retryAfter: Number(response.headers['retry-after'] ?? 0), body: parsed });
        });
      },
    );
    sent.on('error', fail);
    sent.end(payload);
  });
}

const forgedAddress = (): string => `198.51.100.${randomInt(1, 255)}, 203.0.113.${randomInt(1, 255)}`;
const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

interface TestIssuer {
  issuer: string;
  audience: string;
  kid: string;
  privateJwk: JWK;
}

async function idToken(issuer: TestIssuer, email: string, subject: string, audience = issuer.audience): Promise<string> {
  return new SignJWT({ email, email_verified: true })
    .setProtectedHeader({ alg: 'ES256', kid: issuer.kid })
    .setIssuer(issuer.issuer)
    .setAudience(audience)
    .setSubject(subject)
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(await importJWK(issuer.privateJwk, 'ES256'));
}

describe('sign-in limits', () => {
  it('limits sign-in per client address at the gateway, password and SSO together; a forged X-Forwarded-For escapes nothing', async () => {
    const address = freshAddress();
    // Bodies naming no one: identity refuses them (400) without hashing anything, but each is an attempt here.
    for (let sent = 0; sent < PER_ADDRESS; sent += 25) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(25, PER_ADDRESS - sent) }, () =>
          postFrom(address, '/api/auth/token', {}, { 'x-forwarded-for': forgedAddress(), 'x-real-ip': forgedAddress() }),
        ),
      );
      expect(batch.map((answer) => answer.status)).toEqual(batch.map(() => 400));
    }
    for (const path of ['/api/auth/token', '/api/auth/sso/token']) {
      const refused = await postFrom(
        address,
        path,
        { email: 'someone@test.example', password: 'x' },
        { 'x-forwarded-for': forgedAddress() },
      );
      expect(refused.status).toBe(429);
      expect(refused.retryAfter).toBeGreaterThan(0);
      expect(refused.retryAfter).toBeLessThanOrEqual(60);
      expect(refused.body.message).toMatch(/Too many sign-in attempts from this address: at most \d+ a minute/);
    }
    // Another address is not affected.
    expect((await postFrom(freshAddress(), '/api/auth/token', {})).status).toBe(400);
  });

  it('slows wrong passwords down, more with each, instead of locking out: the right password signs in once the wait is over', async () => {
    const address = freshAddress();
    const { email, password } = await createAccount('planner');
    for (let attempt = 0; attempt < FREE_FAILURES; attempt += 1) {
      expect((await postFrom(address, '/api/auth/token', { email, password: 'wrong-password' })).status).toBe(401);
    }
    const first = await postFrom(address, '/api/auth/token', { email, password: 'wrong-password' });
    expect(first.status).toBe(429);
    expect(first.retryAfter).toBeGreaterThan(0);
    expect(first.body.message).toContain('wait');
    // While the wait runs the password is not even checked, the right one included.
    expect((await postFrom(address, '/api/auth/token', { email, password })).status).toBe(429);

    await sleep(first.retryAfter * 1000 + 250);
    expect((await postFrom(address, '/api/auth/token', { email, password: 'wrong-password' })).status).toBe(401);
    const second = await postFrom(address, '/api/auth/token', { email, password });
    expect(second.status).toBe(429);
    expect(second.retryAfter).toBeGreaterThan(first.retryAfter);

    await sleep(second.retryAfter * 1000 + 250);
    const signedIn = await postFrom(address, '/api/auth/token', { email, password });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.accessToken).toEqual(expect.any(String));
    // The right password cleared the count: a slip costs no wait.
    expect((await postFrom(address, '/api/auth/token', { email, password: 'wrong-password' })).status).toBe(401);
    expect((await postFrom(address, '/api/auth/token', { email, password })).status).toBe(200);
  });

  it('slows refused single sign-ons of one person the same way, and signs them in once the wait is over', async () => {
    const issuer = JSON.parse(readFileSync(resolve(process.cwd(), 'test/artifacts/sso-test-issuer.json'), 'utf8')) as TestIssuer;
    const address = freshAddress();
    const { email } = await createAccount('planner', [], 'SSO Limits General');
    const person = `person-${randomUUID()}`;
    for (let attempt = 0; attempt < FREE_FAILURES; attempt += 1) {
      const refused = await postFrom(address, '/api/auth/sso/token', { idToken: await idToken(issuer, email, person, 'another-app') });
      expect(refused.status).toBe(401);
    }
    const waiting = await postFrom(address, '/api/auth/sso/token', { idToken: await idToken(issuer, email, person) });
    expect(waiting.status).toBe(429);
    expect(waiting.retryAfter).toBeGreaterThan(0);
    await sleep(waiting.retryAfter * 1000 + 250);
    const signedIn = await postFrom(address, '/api/auth/sso/token', { idToken: await idToken(issuer, email, person) });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.accessToken).toEqual(expect.any(String));
  });

  it('keeps /metrics off the public port', async () => {
    expect((await fetch(`${GATEWAY_URL}/metrics`)).status).toBe(404);
  });
});
