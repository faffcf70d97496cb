import { BoundedConcurrency, HashingBusyError, PasswordHasher } from './password.hasher.js';

/** A task that runs until its `finish` is called. */
function controllable<T>(value: T): { task: () => Promise<T>; started: () => boolean; finish: () => void } {
  let started = false;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    task: async () => {
      started = true;
      await done;
      return value;
    },
    started: () => started,
    finish: () => finish(),
  };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('BoundedConcurrency (the bound on password hashes at once)', () => {
  it('runs at most N tasks at once; the next waits for a slot and starts when one ends, in order', async () => {
    const bound = new BoundedConcurrency(2, 10);
    const tasks = [0, 1, 2, 3].map((value) => controllable(value));
    const results = tasks.map((task) => bound.run(task.task));
    await tick();
    expect(tasks.map((task) => task.started())).toEqual([true, true, false, false]);
    expect([bound.active, bound.queued]).toEqual([2, 2]);
    tasks[1]!.finish();
    await tick();
    expect(tasks.map((task) => task.started())).toEqual([true, true, true, false]);
    expect([bound.active, bound.queued]).toEqual([2, 1]);
    for (const task of tasks) task.finish();
    expect(await Promise.all(results)).toEqual([0, 1, 2, 3]);
    expect([bound.active, bound.queued]).toEqual([0, 0]);
  });

  it('refuses at once, as busy (503 with Retry-After), what would go beyond the queue', async () => {
    const bound = new BoundedConcurrency(1, 2);
    const tasks = [0, 1, 2].map((value) => controllable(value));
    const results = tasks.map((task) => bound.run(task.task));
    const refused = bound.run(async () => 'never');
    await expect(refused).rejects.toBeInstanceOf(HashingBusyError);
    await expect(refused).rejects.toMatchObject({ kind: 'unavailable', retryAfterSeconds: 1 });
    for (const task of tasks) task.finish();
    expect(await Promise.all(results)).toEqual([0, 1, 2]);
    // Room again once the queue drains.
    expect(await bound.run(async () => 'again')).toBe('again');
  });

  it('frees the slot of a task that fails', async () => {
    const bound = new BoundedConcurrency(1, 0);
    await expect(bound.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(bound.active).toBe(0);
    expect(await bound.run(async () => 'next')).toBe('next');
  });

  it('bounds the hasher: with one slot and no queue, a second verification at the same moment is refused, not run', async () => {
    const hasher = new PasswordHasher({ concurrency: 1, queue: 0 });
    const hash = await hasher.hash('a password');
    const first = hasher.verify(hash, 'a password');
    await expect(hasher.verify(hash, 'a password')).rejects.toBeInstanceOf(HashingBusyError);
    expect(await first).toBe(true);
    expect(await hasher.verify(hash, 'another')).toBe(false);
  });
});

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher();
  const password = 'correct horse battery staple';
  let hash: string;

  beforeAll(async () => {
    hash = await hasher.hash(password);
  });

  describe('passwords', () => {
    it('hashes with argon2id and never keeps the password in the hash', () => {
      // PHC string: $argon2id$v=19$<memory, passes, parallelism in any order>$<salt>$<hash>
      const [, algorithm, version, parameters, salt, digest, ...rest] = hash.split('$');
      expect([algorithm, version, rest]).toEqual(['argon2id', 'v=19', []]);
      expect(parameters!.split(',').sort()).toEqual([
        expect.stringMatching(/^m=\d+$/),
        expect.stringMatching(/^p=\d+$/),
        expect.stringMatching(/^t=\d+$/),
      ]);
      expect(salt).toMatch(/^[A-Za-z0-9+/]{16,}$/);
      expect(digest).toMatch(/^[A-Za-z0-9+/]{32,}$/);
      expect(hash).not.toContain(password);
    });

    it('salts every hash: the same password hashes differently twice', async () => {
      expect(await hasher.hash(password)).not.toBe(hash);
    });

    it('verifies the right password', async () => {
      expect(await hasher.verify(hash, password)).toBe(true);
    });

    it.each([
      ['another password', 'correct horse battery stapler'],
      ['a different case', 'Correct horse battery staple'],
      ['an empty password', ''],
    ])('refuses %s', async (_case, attempt) => {
      expect(await hasher.verify(hash, attempt)).toBe(false);
    });

    it.each([
      ['an empty string', ''],
      ['plain text', 'correct horse battery staple'],
      ['a truncated hash', () => hash.slice(0, 30)],
      ['another algorithm', '$2b$10$abcdefghijklmnopqrstuu0123456789012345678901234567890'],
      ['garbage parameters', '$argon2id$v=19$m=x,t=y,p=z$c29tZXNhbHQ$aGFzaA'],
    ])('answers false, and does not throw, for a malformed hash: %s', async (_case, malformed) => {
      const value = typeof malformed === 'function' ? malformed() : malformed;
      await expect(hasher.verify(value, password)).resolves.toBe(false);
    });
  });

  describe('API keys', () => {
    it('makes keys of the form sudk_<12 hex>_<32 base64url> that parse back into their parts', () => {
      const { prefix, secret, key } = hasher.newApiKey();
      expect(key).toMatch(/^sudk_[0-9a-f]{12}_[A-Za-z0-9_-]{32}$/);
      expect(key).toBe(`sudk_${prefix}_${secret}`);
      expect(PasswordHasher.parseApiKey(key)).toEqual({ prefix, secret });
    });

    it('parses every key it makes, also those whose secret holds "_" or "-"', () => {
      for (let i = 0; i < 500; i += 1) {
        const { prefix, secret, key } = hasher.newApiKey();
        expect(PasswordHasher.parseApiKey(key)).toEqual({ prefix, secret });
      }
    });

    it('makes a different prefix and secret every time', () => {
      const keys = Array.from({ length: 50 }, () => hasher.newApiKey());
      expect(new Set(keys.map((key) => key.prefix)).size).toBe(50);
      expect(new Set(keys.map((key) => key.secret)).size).toBe(50);
    });

    it('stores a key secret hashed and verifies it like a password', async () => {
      const { secret } = hasher.newApiKey();
      const secretHash = await hasher.hash(secret);
      expect(await hasher.verify(secretHash, secret)).toBe(true);
      expect(await hasher.verify(secretHash, hasher.newApiKey().secret)).toBe(false);
    });

    it.each([
      ['an empty string', ''],
      ['no sudk_ marker', '0123456789ab_abcdefghijklmnopqrstuvwxyzABCDEF'],
      ['another marker', 'sudx_0123456789ab_abcdefghijklmnopqrstuvwxyzABCDEF'],
      ['an upper-case prefix', 'sudk_0123456789AB_abcdefghijklmnopqrstuvwxyzABCDEF'],
      ['a prefix that is too short', 'sudk_0123456789a_abcdefghijklmnopqrstuvwxyzABCDEF'],
      ['a prefix that is too long', 'sudk_0123456789abc_abcdefghijklmnopqrstuvwxyzABCDEF'],
      ['a secret that is too short', 'sudk_0123456789ab_abcdefghijklmnopqrstuvwxyzABCDE'],
      ['a secret that is too long', 'sudk_0123456789ab_abcdefghijklmnopqrstuvwxyzABCDEFG'],
      ['a secret outside base64url', 'sudk_0123456789ab_abcdefghijklmnopqrstuvwxyzABCDE+'],
      ['padding', 'sudk_0123456789ab_abcdefghijklmnopqrstuvwxyzABCD=='],
      ['surrounding spaces', ' sudk_0123456789ab_abcdefghijklmnopqrstuvwxyzABCDEF '],
      ['a trailing newline', 'sudk_0123456789ab_abcdefghijklmnopqrstuvwxyzABCDEF\n'],
      ['no separator', 'sudk_0123456789ababcdefghijklmnopqrstuvwxyzABCDEF'],
      ['a JWT', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl'],
    ])('refuses a malformed key: %s', (_case, key) => {
      expect(PasswordHasher.parseApiKey(key)).toBeNull();
    });

    it('accepts a well-formed key it did not make (whether it exists is for the database to say)', () => {
      expect(PasswordHasher.parseApiKey('sudk_0123456789ab_abcdefghijklmnopqrstuvwxyzABCDEF')).toEqual({
        prefix: '0123456789ab',
        secret: 'abcdefghijklmnopqrstuvwxyzABCDEF',
      });
    });
  });
});
