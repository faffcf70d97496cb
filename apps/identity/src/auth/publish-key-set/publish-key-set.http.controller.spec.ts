import 'reflect-metadata';
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { AccessChecker, AccessTokenGuard, AccessTokenReader } from '#auth';
import { anotherKey, IDENTITY_TEST_KEY, TEST_ISSUER, testTokenKeys } from '../../../../../test/support/access-tokens.js';
import { TokenSigningKeys } from '../token-signing-keys.js';
import { PublishKeySetHttpController } from './publish-key-set.http.controller.js';

/** Every private parameter a JWK can carry (RFC 7518 §6): none may ever be published. */
const PRIVATE_PARAMETERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
const SIGN = { issuer: TEST_ISSUER, audience: ['identity', 'facility-registry'] as const, expiresInSeconds: 900 };

describe('GET /api/auth/jwks', () => {
  it('publishes the signing key’s public part only: the curve point, its id and use, no private parameter', () => {
    const { keys } = new PublishKeySetHttpController(new TokenSigningKeys(IDENTITY_TEST_KEY.privateKey)).keySet();
    expect(keys).toHaveLength(1);
    expect(Object.keys(keys[0]!).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
    expect(keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    for (const parameter of PRIVATE_PARAMETERS) expect(keys[0]).not.toHaveProperty(parameter);
    const privateD = IDENTITY_TEST_KEY.privateKey.export({ format: 'jwk' }).d!;
    expect(JSON.stringify(keys)).not.toContain(privateD);
  });

  it('names the key by its thumbprint, as every token identity signs names it (kid), so a service can verify them', async () => {
    const signing = new TokenSigningKeys(IDENTITY_TEST_KEY.privateKey);
    const published = new PublishKeySetHttpController(signing).keySet();
    const token = await signing.sign({ sub: 'someone', role: 'planner' }, SIGN);
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'ES256', kid: IDENTITY_TEST_KEY.kid, typ: 'JWT' });
    expect(published.keys[0]!.kid).toBe(IDENTITY_TEST_KEY.kid);
    const { payload } = await jwtVerify(token, createLocalJWKSet(published), { issuer: TEST_ISSUER, audience: 'facility-registry' });
    expect(payload).toMatchObject({ sub: 'someone', aud: ['identity', 'facility-registry'] });
    expect(payload.exp! - payload.iat!).toBe(900);
  });

  it('keeps the previous key published during a rotation, so its tokens verify until they expire; signs with the new one', async () => {
    const previous = IDENTITY_TEST_KEY;
    const current = anotherKey();
    const beforeRotation = await new TokenSigningKeys(previous.privateKey).sign({ sub: 'someone', role: 'planner' }, SIGN);
    const rotated = new TokenSigningKeys(current.privateKey, [previous.privateKey]);
    const published = new PublishKeySetHttpController(rotated).keySet();
    expect(published.keys.map((key) => key.kid)).toEqual([current.kid, previous.kid]);
    for (const key of published.keys) for (const parameter of PRIVATE_PARAMETERS) expect(key).not.toHaveProperty(parameter);
    const afterRotation = await rotated.sign({ sub: 'someone', role: 'planner' }, SIGN);
    expect(decodeProtectedHeader(afterRotation).kid).toBe(current.kid);
    for (const token of [beforeRotation, afterRotation]) {
      await expect(jwtVerify(token, createLocalJWKSet(published), { audience: 'identity' })).resolves.toBeDefined();
    }
    // The same file given twice is published once.
    expect(new TokenSigningKeys(current.privateKey, [current.privateKey]).publicKeySet().keys).toHaveLength(1);
  });

  it('answers without a token: the guard lets anyone read it', async () => {
    const reader = new AccessTokenReader(testTokenKeys(), { issuer: TEST_ISSUER, audience: 'identity' });
    const statusSource = { statusOf: () => Promise.reject(new Error('not asked for a public route')) };
    const guard = new AccessTokenGuard(reader, new Reflector(), new AccessChecker(statusSource));
    const context = new ExecutionContextHost(
      [{ headers: {} }, {}, () => undefined],
      PublishKeySetHttpController,
      PublishKeySetHttpController.prototype.keySet,
    );
    context.setType('http');
    expect(await guard.canActivate(context as ExecutionContext)).toBe(true);
  });
});
