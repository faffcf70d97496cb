import 'reflect-metadata';
import { ForbiddenException, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { Test } from '@nestjs/testing';
import { DomainError } from '#http';
import {
  anotherKey,
  signHs256Token,
  signTestToken,
  TEST_ISSUER,
  testKeySet,
  type TestTokenOptions,
} from '../../../test/support/access-tokens.js';
import { AccessChecker, type AccessCredential, type AccessStatus, type AccessStatusSource } from './access-status.js';
import { AccessTokenGuard } from './access-token.guard.js';
import { AccessTokenReader } from './access-token.reader.js';
import { AnswersAccessStatus, Public, Roles } from './auth.decorators.js';
import { AuthModule } from './auth.module.js';
import type { Principal } from './principal.js';

const AUDIENCE = 'facility-registry';
const FACILITY = '11111111-1111-4111-8111-111111111111';

class FacilityRoutes {
  @Public()
  browse(): void {}

  whoAmI(): void {}

  @Roles('admin')
  create(): void {}

  @Roles('admin', 'facility-staff', 'system')
  updateCapacity(): void {}
}

@Roles('admin', 'facility-staff')
class StaffRoutes {
  updateProfile(): void {}

  @Roles('planner')
  plannersOnly(): void {}
}

@Public()
class HealthRoutes {
  ready(): void {}
}

class IdentityRoutes {
  @AnswersAccessStatus()
  accessStatus(): void {}
}

/** Identity as the guard sees it: each account's status, and every question asked. */
class FakeStatusSource implements AccessStatusSource {
  readonly statuses = new Map<string, AccessStatus>();
  readonly asked: AccessCredential[] = [];
  failure: Error | null = null;

  statusOf(credential: AccessCredential): Promise<AccessStatus> {
    this.asked.push(credential);
    if (this.failure) return Promise.reject(this.failure);
    return Promise.resolve(this.statuses.get(credential.accountId) ?? { active: true, tokenVersion: 0 });
  }
}

interface FakeRequest {
  headers: Record<string, string | undefined>;
  principal?: Principal;
  credential?: AccessCredential;
}

function contextFor(controller: new () => object, handler: string, headers: Record<string, string> = {}, type = 'http') {
  const request: FakeRequest = { headers };
  const context = new ExecutionContextHost(
    [request, {}, () => undefined],
    controller,
    (controller.prototype as Record<string, () => void>)[handler],
  );
  context.setType(type);
  return { context: context as ExecutionContext, request };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** A token as identity would sign it for this service (and identity). */
const sign = (claims: object, options: TestTokenOptions = {}): Promise<string> =>
  signTestToken({ ...claims }, { audience: ['identity', AUDIENCE], ...options });

describe('AccessTokenGuard', () => {
  let reader: AccessTokenReader;
  let guard: AccessTokenGuard;
  let source: FakeStatusSource;
  const staff = { sub: '22222222-2222-4222-8222-222222222222', role: 'facility-staff', facilityIds: [FACILITY], organization: null };

  beforeAll(async () => {
    // The reader exactly as AuthModule configures it for the registry: identity's (test) key set, issuer and audience.
    const module = await Test.createTestingModule({
      imports: [AuthModule.forRoot({ issuer: TEST_ISSUER, audience: AUDIENCE, keys: { keySet: testKeySet() } })],
    }).compile();
    reader = module.get(AccessTokenReader);
  });

  beforeEach(() => {
    source = new FakeStatusSource();
    guard = new AccessTokenGuard(reader, new Reflector(), new AccessChecker(source));
  });

  /** The guard's rejection, or a failure if it let the request through. */
  async function rejection(context: ExecutionContext): Promise<Error> {
    try {
      await guard.canActivate(context);
    } catch (error) {
      return error as Error;
    }
    throw new Error('the guard let the request through');
  }

  describe('routes marked @Public()', () => {
    it('answer without any token, on the method or on the whole controller', async () => {
      expect(await guard.canActivate(contextFor(FacilityRoutes, 'browse').context)).toBe(true);
      expect(await guard.canActivate(contextFor(HealthRoutes, 'ready').context)).toBe(true);
    });

    it('do not even look at a bad token', async () => {
      expect(await guard.canActivate(contextFor(FacilityRoutes, 'browse', bearer('garbage')).context)).toBe(true);
    });

    it('never ask identity about the account (health checks stay independent of it)', async () => {
      const token = await sign(staff);
      await guard.canActivate(contextFor(HealthRoutes, 'ready', bearer(token)).context);
      await guard.canActivate(contextFor(FacilityRoutes, 'browse', bearer(token)).context);
      expect(source.asked).toEqual([]);
    });
  });

  it('leaves non-HTTP handlers (Kafka consumers) alone', async () => {
    expect(await guard.canActivate(contextFor(FacilityRoutes, 'create', {}, 'rpc').context)).toBe(true);
  });

  describe('refuses with 401 and says how to sign in', () => {
    it('when the Authorization header is missing', async () => {
      const error = await rejection(contextFor(FacilityRoutes, 'whoAmI').context);
      expect(error).toBeInstanceOf(UnauthorizedException);
      expect(error.message).toMatch(/Bearer/);
      expect(error.message).toMatch(/POST \/api\/auth\/token/);
    });

    it.each([
      ['Basic credentials', 'Basic dXNlcjpwYXNz'],
      ['a bearer without a token', 'Bearer'],
      ['a bearer with an empty token', 'Bearer '],
      ['a bare token without a scheme', 'eyJhbGciOiJIUzI1NiJ9.e30.c2ln'],
    ])('for the wrong scheme: %s', async (_case, authorization) => {
      const error = await rejection(contextFor(FacilityRoutes, 'whoAmI', { authorization }).context);
      expect(error).toBeInstanceOf(UnauthorizedException);
      expect(error.message).toMatch(/POST \/api\/auth\/token/);
    });
  });

  describe('refuses with 401 a token it cannot trust', () => {
    it('garbage', async () => {
      const error = await rejection(contextFor(FacilityRoutes, 'whoAmI', bearer('not-a-jwt')).context);
      expect(error).toBeInstanceOf(UnauthorizedException);
      expect(error.message).toMatch(/not valid.*sign in again/);
    });

    it('signed with a key identity does not hold, even under the id of identity’s key', async () => {
      const attacker = anotherKey();
      for (const token of [await sign(staff, { key: attacker }), await sign(staff, { key: attacker, kid: testKeySet().keys[0]!.kid! })]) {
        const error = await rejection(contextFor(FacilityRoutes, 'whoAmI', bearer(token)).context);
        expect(error).toBeInstanceOf(UnauthorizedException);
        expect(error.message).toMatch(/not signed with a key of the identity service/);
      }
    });

    it('signed with HS256, whatever the secret (identity’s public key included): only ES256 is accepted', async () => {
      const publicKeyText = JSON.stringify(testKeySet().keys[0]);
      for (const secret of ['a-shared-secret-of-the-old-kind-0123456789', publicKeyText]) {
        const error = await rejection(
          contextFor(FacilityRoutes, 'create', bearer(await signHs256Token({ ...staff, role: 'admin' }, secret))).context,
        );
        expect(error).toBeInstanceOf(UnauthorizedException);
        expect(error.message).toMatch(/not signed with ES256/);
      }
      expect(source.asked).toEqual([]);
    });

    it('with its payload changed after signing (role raised to admin)', async () => {
      const [header, , signature] = (await sign(staff)).split('.');
      const forged = `${header}.${base64url({ ...staff, role: 'admin', iss: TEST_ISSUER, aud: [AUDIENCE] })}.${signature}`;
      const error = await rejection(contextFor(FacilityRoutes, 'create', bearer(forged)).context);
      expect(error).toBeInstanceOf(UnauthorizedException);
    });

    it('unsigned (alg "none")', async () => {
      const unsigned = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...staff, iss: TEST_ISSUER, aud: [AUDIENCE] })}.`;
      const error = await rejection(contextFor(FacilityRoutes, 'whoAmI', bearer(unsigned)).context);
      expect(error).toBeInstanceOf(UnauthorizedException);
    });

    it('expired', async () => {
      const token = await sign(staff, { issuedAt: new Date(Date.now() - 16 * 60_000), expiresInSeconds: 60 });
      const error = await rejection(contextFor(FacilityRoutes, 'whoAmI', bearer(token)).context);
      expect(error).toBeInstanceOf(UnauthorizedException);
      expect(error.message).toMatch(/expired/);
    });

    it('issued more than 15 minutes ago, even if its own expiry is later', async () => {
      const token = await sign(staff, { issuedAt: new Date(Date.now() - 16 * 60_000), expiresInSeconds: 3_600 });
      const error = await rejection(contextFor(FacilityRoutes, 'whoAmI', bearer(token)).context);
      expect(error).toBeInstanceOf(UnauthorizedException);
      expect(error.message).toMatch(/made to last more than 15 minutes/);
    });

    it('from another issuer', async () => {
      const token = await sign(staff, { issuer: 'someone-else' });
      const error = await rejection(contextFor(FacilityRoutes, 'whoAmI', bearer(token)).context);
      expect(error).toBeInstanceOf(UnauthorizedException);
      expect(error.message).toMatch(/issuer/);
    });

    it('meant for other services only, or for none: 401 naming this service, before any role check', async () => {
      for (const audience of [['identity', 'referral-service'], []]) {
        const token = await sign({ ...staff, role: 'admin' }, { audience });
        const error = await rejection(contextFor(FacilityRoutes, 'create', bearer(token)).context);
        expect(error).toBeInstanceOf(UnauthorizedException);
        expect(error.message).toMatch(/not meant for the facility-registry service/);
      }
      expect(source.asked).toEqual([]);
    });

    it.each([
      ['no account id', { role: 'admin', facilityIds: [] }],
      ['an unknown role', { sub: staff.sub, role: 'superuser', facilityIds: [] }],
      ['no role', { sub: staff.sub, facilityIds: [] }],
    ])('naming %s, even when properly signed', async (_case, claims) => {
      const token = await sign(claims);
      const error = await rejection(contextFor(FacilityRoutes, 'whoAmI', bearer(token)).context);
      expect(error).toBeInstanceOf(UnauthorizedException);
    });
  });

  describe('a valid token', () => {
    it('lets the request through and attaches the principal to it', async () => {
      const token = await sign(staff);
      const { context, request } = contextFor(FacilityRoutes, 'whoAmI', bearer(token));
      expect(await guard.canActivate(context)).toBe(true);
      expect(request.principal).toEqual(staff);
      expect(source.asked).toHaveLength(1);
    });

    it('attaches only the known claims, with defaults for missing ones', async () => {
      const token = await sign({ sub: staff.sub, role: 'planner', extra: 'ignored' });
      const { context, request } = contextFor(FacilityRoutes, 'whoAmI', bearer(token));
      expect(await guard.canActivate(context)).toBe(true);
      expect(request.principal).toEqual({ sub: staff.sub, role: 'planner', facilityIds: [], organization: null });
    });

    it('passes a route whose @Roles() include the role', async () => {
      const token = await sign({ ...staff, role: 'system' });
      const { context, request } = contextFor(FacilityRoutes, 'updateCapacity', bearer(token));
      expect(await guard.canActivate(context)).toBe(true);
      expect(request.principal?.role).toBe('system');
    });

    it('is refused with 403 (not 401) on a route whose @Roles() leave the role out, naming the roles', async () => {
      const token = await sign({ sub: staff.sub, role: 'planner', facilityIds: [], organization: 'Mercy General' });
      const { context, request } = contextFor(FacilityRoutes, 'create', bearer(token));
      const error = await rejection(context);
      expect(error).toBeInstanceOf(ForbiddenException);
      expect(error.message).toMatch(/admin/);
      expect(error.message).toMatch(/planner/);
      // Authenticated even though not allowed: the principal is known.
      expect(request.principal?.role).toBe('planner');
    });

    it('honours @Roles() on the controller, and a method-level @Roles() overrides it', async () => {
      const planner = await sign({ sub: staff.sub, role: 'planner' });
      const staffToken = await sign(staff);
      expect(await guard.canActivate(contextFor(StaffRoutes, 'updateProfile', bearer(staffToken)).context)).toBe(true);
      expect(await rejection(contextFor(StaffRoutes, 'updateProfile', bearer(planner)).context)).toBeInstanceOf(ForbiddenException);
      expect(await guard.canActivate(contextFor(StaffRoutes, 'plannersOnly', bearer(planner)).context)).toBe(true);
      expect(await rejection(contextFor(StaffRoutes, 'plannersOnly', bearer(staffToken)).context)).toBeInstanceOf(ForbiddenException);
    });

    it('needs no particular role on a route without @Roles()', async () => {
      for (const role of ['planner', 'facility-staff', 'admin', 'system']) {
        const token = await sign({ sub: staff.sub, role });
        expect(await guard.canActivate(contextFor(FacilityRoutes, 'whoAmI', bearer(token)).context)).toBe(true);
      }
    });
  });
  describe('a token whose access was revoked', () => {
    it('is refused with 401 once the account is deactivated, even with the right role', async () => {
      const token = await sign({ ...staff, ver: 3 });
      source.statuses.set(staff.sub, { active: false, tokenVersion: 4 });
      const error = await rejection(contextFor(FacilityRoutes, 'updateCapacity', bearer(token)).context);
      expect(error).toBeInstanceOf(UnauthorizedException);
      expect(error.message).toMatch(/access revoked; sign in again/i);
    });

    it('is refused with 401 (not 403) when its version is older than the account’s', async () => {
      const token = await sign({ ...staff, ver: 3 });
      source.statuses.set(staff.sub, { active: true, tokenVersion: 4 });
      const error = await rejection(contextFor(FacilityRoutes, 'create', bearer(token)).context);
      expect(error).toBeInstanceOf(UnauthorizedException);
      expect(error.message).toMatch(/access revoked/i);
    });

    it('lets a token of the current (or a newer) version through, asking with the token itself', async () => {
      source.statuses.set(staff.sub, { active: true, tokenVersion: 4 });
      for (const ver of [4, 5]) {
        const token = await sign({ ...staff, ver });
        const { context, request } = contextFor(FacilityRoutes, 'whoAmI', bearer(token));
        expect(await guard.canActivate(context)).toBe(true);
        expect(request.credential).toMatchObject({ accountId: staff.sub, token, version: ver });
      }
      expect(source.asked.map((credential) => credential.version)).toEqual([4, 5]);
    });

    it('counts a token without a version as version 0: outdated by any change of the account', async () => {
      const token = await sign(staff);
      expect(await guard.canActivate(contextFor(FacilityRoutes, 'whoAmI', bearer(token)).context)).toBe(true);
      source.statuses.set(staff.sub, { active: true, tokenVersion: 1 });
      expect(await rejection(contextFor(FacilityRoutes, 'whoAmI', bearer(token)).context)).toBeInstanceOf(UnauthorizedException);
    });

    it('still reaches a route that answers the access status itself', async () => {
      const token = await sign({ ...staff, ver: 1 });
      source.statuses.set(staff.sub, { active: false, tokenVersion: 2 });
      expect(await guard.canActivate(contextFor(IdentityRoutes, 'accessStatus', bearer(token)).context)).toBe(true);
      expect(source.asked).toEqual([]);
    });

    it('gets the status source’s refusal (503) when identity cannot say', async () => {
      source.failure = new DomainError('unavailable', 'identity is down');
      const token = await sign({ ...staff, ver: 0 });
      const error = await rejection(contextFor(FacilityRoutes, 'whoAmI', bearer(token)).context);
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).kind).toBe('unavailable');
    });
  });
});
