import { randomUUID } from 'node:crypto';
import { api, GATEWAY_URL, signInAs, signInAsAdmin, signInAsPlanner } from '../support/system-under-test.js';

describe('the public entry point protects itself', () => {
  it('sends security headers on API answers', async () => {
    const response = await fetch(`${GATEWAY_URL}/api/facilities?pageSize=1`);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('strict-transport-security')).toContain('max-age=');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('lets browsers call the API only from the app origin', async () => {
    const preflight = (origin: string) =>
      fetch(`${GATEWAY_URL}/api/referrals`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
    const allowed = await preflight('http://127.0.0.1:3000');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:3000');
    const foreign = await preflight('https://evil.example');
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses an oversized body with 413 and stores nothing', async () => {
    const before = await api<{ total: number }>('GET', '/api/placements?pageSize=1', undefined, await signInAsAdmin());
    const huge = JSON.stringify({
      levelOfCare: 'outpatient',
      payer: 'medicaid',
      patientZip: '40202',
      needs: { gender: 'male', ageYears: 30, substances: ['alcohol'] },
      padding: 'x'.repeat(200_000),
    });
    const response = await fetch(`${GATEWAY_URL}/api/referrals`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: huge,
    });
    expect(response.status).toBe(413);
    const after = await api<{ total: number }>('GET', '/api/placements?pageSize=1', undefined, await signInAsAdmin());
    expect(after.body.total).toBe(before.body.total);
  });

  it('slows sign-in at an account after a few wrong passwords (no lockout), and only at that account', async () => {
    const freeFailures = Number(process.env.SIGN_IN_FAILURES_BEFORE_DELAY ?? 5);
    const email = `target-${randomUUID()}@test.example`;
    const password = `pw-${randomUUID()}`;
    const created = await api('POST', '/api/accounts', { email, displayName: email, role: 'planner', password }, await signInAsAdmin());
    expect(created.status).toBe(201);
    const statuses: number[] = [];
    for (let attempt = 0; attempt <= freeFailures; attempt += 1) {
      statuses.push((await api('POST', '/api/auth/token', { email, password: 'wrong-password' })).status);
    }
    expect(statuses.slice(0, freeFailures).every((status) => status === 401)).toBe(true);
    expect(statuses[freeFailures]).toBe(429);
    // The right password waits too while the delay runs (sign-in-limits.e2e-spec.ts shows it working after the wait).
    const waiting = await api('POST', '/api/auth/token', { email, password });
    expect(waiting.status).toBe(429);
    expect(Number(waiting.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another account is not affected.
    const other = await api('POST', '/api/auth/token', {
      email: process.env.E2E_ADMIN_EMAIL ?? 'admin@test.example',
      password: process.env.E2E_ADMIN_PASSWORD,
    });
    expect(other.status).toBe(200);
  });
});

describe('limits on changes', () => {
  it(
    'lets one account make WRITES_PER_MINUTE changes a minute, then answers 429 with Retry-After; ' + 'reads and other accounts carry on',
    async () => {
      const limit = Number(process.env.WRITES_PER_MINUTE ?? 600);
      const busy = await signInAs('planner', [], `E2E Busy Hospital ${randomUUID()}`);
      for (let sent = 0; sent < limit; sent += 25) {
        const batch = await Promise.all(Array.from({ length: Math.min(25, limit - sent) }, () => api('POST', '/api/referrals', {}, busy)));
        expect(batch.map((response) => response.status)).toEqual(batch.map(() => 400));
      }
      const refused = await api<{ message: string }>('POST', '/api/referrals', {}, busy);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(refused.body.message).toMatch(/Too many changes from this account: at most \d+ every 60 s/);
      expect((await api('GET', '/api/referrals', undefined, busy)).status).toBe(200);
      expect((await api('POST', '/api/referrals', {}, await signInAsPlanner())).status).toBe(400);
    },
  );
});
