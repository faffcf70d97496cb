import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { AccessCredential } from './access-status.js';
import type { Principal, Role } from './principal.js';

export const PUBLIC_ROUTE = 'auth:public';
export const REQUIRED_ROLES = 'auth:roles';
export const ANSWERS_ACCESS_STATUS = 'auth:answers-access-status';

/** The route answers without a token. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

/** Only these roles may call the route. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_ROLES, roles);

/**
 * The route answers the caller's account status itself (identity's access-status endpoint): the token is
 * verified as everywhere, but not refused for a revoked account, whose status is exactly the question.
 */
export const AnswersAccessStatus = (): MethodDecorator & ClassDecorator => SetMetadata(ANSWERS_ACCESS_STATUS, true);

/** The authenticated caller of the current request. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  return context.switchToHttp().getRequest<{ principal: Principal }>().principal;
});

/** The access token of the current request, as the guard verified it: for re-checking access later (live streams). */
export const CurrentCredential = createParamDecorator((_data: unknown, context: ExecutionContext): AccessCredential => {
  return context.switchToHttp().getRequest<{ credential: AccessCredential }>().credential;
});
