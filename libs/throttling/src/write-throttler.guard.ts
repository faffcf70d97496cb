import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Principal } from '#auth';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Limits changes per account (per address for anonymous callers): a runaway bed-board sync or a
 * stolen token cannot flood the system. Reads are not limited. Runs after the token guard, so the
 * principal is known.
 */
@Injectable()
export class WriteThrottlerGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return READS.has(context.switchToHttp().getRequest<{ method: string }>().method);
  }

  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const principal = request.principal as Principal | undefined;
    return principal ? `account:${principal.sub}` : `ip:${String(request.ip)}`;
  }

  protected override async getErrorMessage(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<string> {
    const seconds = Math.ceil(detail.ttl / 1000);
    return (
      `Too many changes from this account: at most ${detail.limit} every ${seconds} s. ` +
      `Wait ${Math.max(1, Math.ceil(detail.timeToBlockExpire))} s (see Retry-After) and try again.`
    );
  }
}
