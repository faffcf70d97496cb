import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/**
 * Limits sign-in attempts per account (the email, or the API key's public prefix) rather than per
 * address: behind the gateway every caller shares one address, and guessing targets an account.
 */
@Injectable()
export class SignInThrottlerGuard extends ThrottlerGuard {
  /** A body without an email or key guesses nothing and fails validation anyway; it must not use up anyone's attempts. */
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    const body = (context.switchToHttp().getRequest<{ body?: unknown }>().body ?? {}) as { email?: unknown; apiKey?: unknown };
    return typeof body.email !== 'string' && typeof body.apiKey !== 'string';
  }

  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const body = (request.body ?? {}) as { email?: unknown; apiKey?: unknown };
    if (typeof body.email === 'string') return `email:${body.email.trim().toLowerCase()}`;
    if (typeof body.apiKey === 'string') return `key:${body.apiKey.slice(0, 17)}`;
    return `ip:${String(request.ip)}`;
  }
}
