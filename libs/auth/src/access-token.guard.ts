import { ForbiddenException, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { PUBLIC_ROUTE, REQUIRED_ROLES } from './auth.decorators.js';
import { ROLES, type Principal, type Role } from './principal.js';

/**
 * Every HTTP route needs a valid bearer token unless it is marked @Public(); @Roles() narrows it
 * further. Registered globally, so a new endpoint is protected by default.
 */
@Injectable()
export class AccessTokenGuard implements CanActivate {
  constructor(
    private readonly jwt: JwtService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; principal?: Principal }>();
    const unauthorized = (message: string): UnauthorizedException => {
      // Tell the client how to authenticate (RFC 6750).
      context.switchToHttp().getResponse<{ setHeader?(name: string, value: string): void }>().setHeader?.('WWW-Authenticate', 'Bearer');
      return new UnauthorizedException(message);
    };
    const [scheme, token] = (request.headers.authorization ?? '').trim().split(/\s+/);
    if (scheme?.toLowerCase() !== 'bearer' || !token) {
      throw unauthorized('Sign in first: send "Authorization: Bearer <token>" from POST /api/auth/token');
    }
    let claims: Partial<Principal>;
    try {
      claims = await this.jwt.verifyAsync<Partial<Principal> & object>(token);
    } catch (error) {
      throw unauthorized(`The access token is not valid (${(error as Error).message}); sign in again`);
    }
    if (!claims.sub || !ROLES.includes(claims.role as Role)) throw unauthorized('The access token names no account; sign in again');
    request.principal = {
      sub: claims.sub,
      role: claims.role as Role,
      facilityIds: Array.isArray(claims.facilityIds) ? claims.facilityIds : [],
      organization: claims.organization ?? null,
    };
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !roles.includes(request.principal.role)) {
      throw new ForbiddenException(`This needs one of the roles ${roles.join(', ')}; you are ${request.principal.role}`);
    }
    return true;
  }
}
