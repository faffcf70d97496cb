import { jest } from '@jest/globals';
import { DomainError } from '#http';
import { AccessChecker, IdentityAccessStatus, type AccessCredential, type StatusFetch } from './access-status.js';

const ACCOUNT = '22222222-2222-4222-8222-222222222222';
const OTHER = '33333333-3333-4333-8333-333333333333';
const OPTIONS = { identityUrl: 'http://identity.test:3004/', cacheMs: 30_000, staleMs: 300_000 };

const credential = (version = 1, accountId = ACCOUNT, token = `token-${accountId}-${version}`): AccessCredential => ({
  accountId,
  token,
  version,
  expiresAtMs: null,
});

/** Identity as the client sees it over HTTP: an answer per call, or a failure. */
function identityAnswering(...answers: Array<{ active: boolean; tokenVersion: number } | number | Error>) {
  const http = jest.fn<StatusFetch>(() => {
    const answer = answers.length > 1 ? answers.shift()! : answers[0]!;
    if (answer instanceof Error) return Promise.reject(answer);
    if (typeof answer === 'number') return Promise.resolve({ ok: answer < 400, status: answer, json: () => Promise.resolve({}) });
    return Promise.resolve({ ok: true, status: 200, json: () => Promise.resolve(answer) });
  });
  return http;
}

describe('IdentityAccessStatus', () => {
  let nowMs: number;
  const clock = () => nowMs;
  beforeEach(() => {
    nowMs = 1_000_000;
  });

  it('asks identity with the caller’s own token, at the access-status endpoint', async () => {
    const http = identityAnswering({ active: true, tokenVersion: 1 });
    const status = await new IdentityAccessStatus(OPTIONS, http, clock).statusOf(credential(1, ACCOUNT, 'the-token'));
    expect(status).toEqual({ active: true, tokenVersion: 1 });
    expect(http).toHaveBeenCalledTimes(1);
    const [url, init] = http.mock.calls[0]!;
    expect(url).toBe('http://identity.test:3004/api/auth/access-status');
    expect(init.headers.authorization).toBe('Bearer the-token');
  });

  it('reuses an account’s answer for cacheMs, then asks again and sees a revocation', async () => {
    const http = identityAnswering({ active: true, tokenVersion: 1 }, { active: false, tokenVersion: 2 });
    const client = new IdentityAccessStatus(OPTIONS, http, clock);
    await client.statusOf(credential());
    nowMs += 29_999;
    expect(await client.statusOf(credential())).toEqual({ active: true, tokenVersion: 1 });
    expect(http).toHaveBeenCalledTimes(1);
    nowMs += 1;
    expect(await client.statusOf(credential())).toEqual({ active: false, tokenVersion: 2 });
    expect(http).toHaveBeenCalledTimes(2);
  });

  it('keeps each account’s answer apart', async () => {
    const http = identityAnswering({ active: true, tokenVersion: 1 });
    const client = new IdentityAccessStatus(OPTIONS, http, clock);
    await client.statusOf(credential(1, ACCOUNT));
    await client.statusOf(credential(1, OTHER));
    expect(http).toHaveBeenCalledTimes(2);
    expect(http.mock.calls.map(([, init]) => init.headers.authorization)).toEqual([`Bearer token-${ACCOUNT}-1`, `Bearer token-${OTHER}-1`]);
  });

  it('asks again at once for a token newer than the answer it holds (the account signed in again)', async () => {
    const http = identityAnswering({ active: false, tokenVersion: 2 }, { active: true, tokenVersion: 3 });
    const client = new IdentityAccessStatus(OPTIONS, http, clock);
    expect(await client.statusOf(credential(2))).toEqual({ active: false, tokenVersion: 2 });
    expect(await client.statusOf(credential(3))).toEqual({ active: true, tokenVersion: 3 });
    expect(http).toHaveBeenCalledTimes(2);
  });

  it('asks once for many simultaneous requests of one account', async () => {
    const http = identityAnswering({ active: true, tokenVersion: 1 });
    const client = new IdentityAccessStatus(OPTIONS, http, clock);
    await Promise.all([client.statusOf(credential()), client.statusOf(credential()), client.statusOf(credential())]);
    expect(http).toHaveBeenCalledTimes(1);
  });

  it('uses the last answer while identity is unreachable, for staleMs, then refuses with 503', async () => {
    const http = identityAnswering({ active: true, tokenVersion: 1 }, new Error('connect ECONNREFUSED'));
    const client = new IdentityAccessStatus(OPTIONS, http, clock);
    await client.statusOf(credential());
    nowMs += 299_999;
    expect(await client.statusOf(credential())).toEqual({ active: true, tokenVersion: 1 });
    nowMs += 1;
    const error = await client.statusOf(credential()).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).kind).toBe('unavailable');
    expect((error as DomainError).retryAfterSeconds).toBeGreaterThan(0);
  });

  it('refuses with 503 at once when identity fails and it knows nothing about the account', async () => {
    for (const failure of [new Error('timeout'), 500, 502]) {
      const client = new IdentityAccessStatus(OPTIONS, identityAnswering(failure), clock);
      const error = await client.statusOf(credential()).catch((caught: unknown) => caught);
      expect((error as DomainError).kind).toBe('unavailable');
    }
  });

  it('takes a refusal of the token by identity (401) as no access, without remembering it', async () => {
    const http = identityAnswering(401, { active: true, tokenVersion: 1 });
    const client = new IdentityAccessStatus(OPTIONS, http, clock);
    expect((await client.statusOf(credential())).active).toBe(false);
    expect(await client.statusOf(credential())).toEqual({ active: true, tokenVersion: 1 });
  });

  it('does not trust an answer that is not a status', async () => {
    const http = jest.fn<StatusFetch>(() => Promise.resolve({ ok: true, status: 200, json: () => Promise.resolve({ active: 'yes' }) }));
    const error = await new IdentityAccessStatus(OPTIONS, http, clock).statusOf(credential()).catch((caught: unknown) => caught);
    expect((error as DomainError).kind).toBe('unavailable');
  });
});

describe('AccessChecker', () => {
  const checker = (active: boolean, tokenVersion: number) =>
    new AccessChecker({ statusOf: () => Promise.resolve({ active, tokenVersion }) });

  it('allows a current token of an active account', async () => {
    expect(await checker(true, 2).verdict(credential(2))).toBe('allowed');
  });

  it('revokes a token older than the account’s version, or of an inactive account', async () => {
    expect(await checker(true, 3).verdict(credential(2))).toBe('revoked');
    expect(await checker(false, 2).verdict(credential(2))).toBe('revoked');
  });

  it('says a token past its expiry has expired, without asking', async () => {
    const statusOf = jest.fn(() => Promise.resolve({ active: true, tokenVersion: 0 }));
    const expired = { ...credential(0), expiresAtMs: 1_000 };
    expect(await new AccessChecker({ statusOf }).verdict(expired, 1_000)).toBe('expired');
    expect(statusOf).not.toHaveBeenCalled();
  });
});
