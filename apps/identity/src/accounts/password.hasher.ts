import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import argon2 from 'argon2';

/** argon2id with the library's defaults (64 MiB, 3 passes): the OWASP-recommended password hash. */
@Injectable()
export class PasswordHasher {
  hash(secret: string): Promise<string> {
    return argon2.hash(secret, { type: argon2.argon2id });
  }

  async verify(hash: string, secret: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, secret);
    } catch {
      return false;
    }
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
