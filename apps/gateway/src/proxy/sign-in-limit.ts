import type { ThrottlerStorage } from '@nestjs/throttler';
import { clientAddress, clientKey, type AddressedRequest } from './client-address.js';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
// Every way in lives here: POST /api/auth/token (password, API key) and POST /api/auth/sso/token.
const SIGN_IN_PATHS = /^\/api\/auth(?:[/?#]|$)/i;
const WINDOW_MS = 60_000;
const THROTTLER = 'sign-in-per-address';

export interface SignInRequest extends AddressedRequest {
  readonly method: string;
  readonly originalUrl?: string;
  readonly url?: string;
}

export interface SignInResponse {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body: string): unknown;
}

/** Whether a request tries to sign in: anything but a read under /api/auth. */
export function isSignIn(request: SignInRequest): boolean {
  return !READS.has(request.method.toUpperCase()) && SIGN_IN_PATHS.test(request.originalUrl ?? request.url ?? '');
}

/**
 * Express middleware: each client address may try to sign in `perMinute` times in any minute (all
 * accounts, all ways in together), so one sender can neither guess at many accounts nor keep identity's
 * password hashing busy. Refused attempts answer 429 with Retry-After and never reach identity; they do
 * not count. The address is the connecting one (see TRUSTED_PROXY): a forged X-Forwarded-For changes nothing.
 */
export function signInLimit(storage: ThrottlerStorage, perMinute: number) {
  return (request: SignInRequest, response: SignInResponse, next: (error?: unknown) => void): void => {
    if (!isSignIn(request)) return next();
    const key = `sign-in:${clientKey(clientAddress(request))}`;
    storage.increment(key, WINDOW_MS, perMinute, 0, THROTTLER).then((record) => {
      if (!record.isBlocked) return next();
      const wait = Math.max(1, record.timeToBlockExpire);
      response.statusCode = 429;
      response.setHeader('retry-after', String(wait));
      response.setHeader('content-type', 'application/json; charset=utf-8');
      response.end(
        JSON.stringify({
          statusCode: 429,
          error: 'Too Many Requests',
          message:
            `Too many sign-in attempts from this address: at most ${perMinute} a minute. ` +
            `Wait ${wait} s (see Retry-After) and try again.`,
        }),
      );
    }, next);
  };
}
