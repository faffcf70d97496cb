import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import argon2 from 'argon2';
import { DomainError } from '#http';

/** How many password hashes run at once, and how many may wait for one (PASSWORD_HASH_CONCURRENCY, PASSWORD_HASH_QUEUE). */
export interface PasswordHashingLimits {
  readonly concurrency: number;
  readonly queue: number;
}

export const PASSWORD_HASHING_LIMITS = Symbol('PASSWORD_HASHING_LIMITS');

export const DEFAULT_PASSWORD_HASHING_LIMITS: PasswordHashingLimits = { concurrency: 2, queue: 50 };

/** Every hash slot is taken and the queue is full: 503, try again in a moment. */
export class HashingBusyError extends DomainError {
  constructor() {
    super('unavailable', 'Sign-in is busy: too many at the same moment. Try again in a moment (see Retry-After).', {
      retryAfterSeconds: 1,
    });
  }
}

/**
 * Runs at most `concurrency` tasks at once, in the order they came; up to `queue` more wait for a
 * slot, and any beyond those are refused at once with HashingBusyError instead of piling up.
 */
export class BoundedConcurrency {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly queue: number,
  ) {}

  get active(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running < this.concurrency) this.running += 1;
    else if (this.waiting.length < this.queue) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else throw new HashingBusyError();
    try {
      return await task();
    } finally {
      // A finished task hands its slot straight to the next in line.
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}

/**
 * argon2id with the library's defaults (64 MiB, 3 passes): the OWASP-recommended password hash. At
 * most PASSWORD_HASH_CONCURRENCY hashes run at once, verifications and new hashes alike, so a flood of
 * sign-ins (unknown emails cost a hash too) queues instead of taking all memory and the thread pool.
 */
@Injectable()
export class PasswordHasher {
  private readonly slots: BoundedConcurrency;

  constructor(@Optional() @Inject(PASSWORD_HASHING_LIMITS) limits?: PasswordHashingLimits) {
    const { concurrency, queue } = limits ?? DEFAULT_PASSWORD_HASHING_LIMITS;
    this.slots = new BoundedConcurrency(concurrency, queue);
  }

  hash(secret: string): Promise<string> {
    return this.slots.run(() => argon2.hash(secret, { type: argon2.argon2id }));
  }

  /** Whether `secret` matches `hash`; false for a malformed hash. Throws HashingBusyError (503) when every slot and the queue are taken. */
  verify(hash: string, secret: string): Promise<boolean> {
    return this.slots.run(async () => {
      try {
        return await argon2.verify(hash, secret);
      } catch {
        return false;
      }
    });
  }

  /** A new API key: a public prefix to find it by and a secret that is shown once and stored hashed. */
  newApiKey(): { prefix: string; secret: string; key: string } {
    const prefix = randomBytes(6).toString('hex');
    const secret = randomBytes(24).toString('base64url');
    return { prefix, secret, key: `sudk_${prefix}_${secret}` };
  }

  static parseApiKey(key: string): { prefix: string; secret: string } | null {
    const match = /^sudk_([0-9a-f]{12})_([A-Za-z0-9_-]{32})$/.exec(key);
    return match ? { prefix: match[1]!, secret: match[2]! } : null;
  }
}
