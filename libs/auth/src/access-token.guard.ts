import { ForbiddenException, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccessChecker, type AccessCredential } from './access-status.js';
import { AccessTokenReader } from './access-token.reader.js';
import { ANSWERS_ACCESS_STATUS, PUBLIC_ROUTE, REQUIRED_ROLES } from './auth.decorators.js';
import type { Principal, Role } from './principal.js';

/** The answer to a token whose account was deactivated or whose access changed since it was issued. */
export const ACCESS_REVOKED_MESSAGE = 'Access revoked; sign in again';

/**
 * Every HTTP route needs a valid bearer token unless it is marked @Public(): signed by identity and meant
 * for this service (see AccessTokenReader); @Roles() narrows it further. Registered globally, so a new
 * endpoint is protected by default. The token must also still be current: its account active and its
 * `ver` not older than the account's (see AccessChecker), so a deactivation or a change of facilities
 * ends access within ACCESS_STATUS_CACHE_MS, not at expiry.
 */
@Injectable()
export class AccessTokenGuard implements CanActivate {
  constructor(
    private readonly tokens: AccessTokenReader,
    private readonly reflector: Reflector,
    private readonly access: AccessChecker,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | undefined>; principal?: Principal; credential?: AccessCredential }>();
    const unauthorized = (message: string): UnauthorizedException => {
      // Tell the client how to authenticate (RFC 6750).
      context.switchToHttp().getResponse<{ setHeader?(name: string, value: string): void }>().setHeader?.('WWW-Authenticate', 'Bearer');
      return new UnauthorizedException(message);
    };
    const [scheme, token] = (request.headers.authorization ?? '').trim().split(/\s+/);
    if (scheme?.toLowerCase() !== 'bearer' || !token) {
      throw unauthorized('Sign in first: send "Authorization: Bearer <token>" from POST /api/auth/token');
    }
    const reading = await this.tokens.read(token);
    if (!reading.ok) throw unauthorized(reading.message);
    const { principal, credential } = reading;
    request.principal = principal;
    request.credential = credential;
    if (!this.reflector.getAllAndOverride<boolean>(ANSWERS_ACCESS_STATUS, targets)) {
      // 401 before 403: a revoked token is no proof of who is calling any more.
      if ((await this.access.verdict(credential)) !== 'allowed') throw unauthorized(ACCESS_REVOKED_MESSAGE);
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !roles.includes(principal.role)) {
      throw new ForbiddenException(`This needs one of the roles ${roles.join(', ')}; you are ${principal.role}`);
    }
    return true;
  }
}
