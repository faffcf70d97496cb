import { Injectable } from '@nestjs/common';
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { DomainError } from '#http';
import { IdentityConfig } from '../../identity.config.js';
import type { SsoIdentity } from '../domain/sso-sign-in.js';

/** Single sign-on is not set up in this deployment (404: there is no such way in). */
export class SsoNotConfiguredError extends DomainError {
  constructor(message: string) {
    super('not-found', message);
  }
}

/** The ID token does not prove who the caller is (401). */
export class InvalidIdTokenError extends DomainError {
  constructor(message: string) {
    super('unauthenticated', message);
  }
}

/**
 * Checks an OpenID Connect ID token from the organisation's identity provider: signature against
 * its published keys, issuer, audience, expiry, a subject, and a verified email to find the account by.
 */
@Injectable()
export class SsoTokenVerifier {
  private readonly keys: JWTVerifyGetKey | null;

  constructor(private readonly config: IdentityConfig) {
    if (!config.OIDC_ISSUER) {
      this.keys = null;
      return;
    }
    if (!config.OIDC_AUDIENCE || (!config.OIDC_JWKS_URL && !config.OIDC_JWKS)) {
      throw new Error('OIDC_ISSUER is set: also set OIDC_AUDIENCE and OIDC_JWKS_URL (or OIDC_JWKS with the JWK Set inline)');
    }
    this.keys = config.OIDC_JWKS_URL ? createRemoteJWKSet(new URL(config.OIDC_JWKS_URL)) : createLocalJWKSet(inlineKeys(config.OIDC_JWKS!));
  }

  /** The person the token vouches for (issuer and subject) and their email, which the provider must have verified. */
  async verify(idToken: string): Promise<SsoIdentity> {
    if (!this.keys) throw new SsoNotConfiguredError('single sign-on is not configured here; sign in with your email and password');
    try {
      const { payload } = await jwtVerify(idToken, this.keys, {
        issuer: this.config.OIDC_ISSUER,
        audience: this.config.OIDC_AUDIENCE,
        clockTolerance: 30,
      });
      if (typeof payload.sub !== 'string' || payload.sub.length === 0) throw new InvalidIdTokenError('the ID token names no subject (sub)');
      if (typeof payload.email !== 'string' || payload.email.length === 0) throw new InvalidIdTokenError('the ID token carries no email');
      // Only a verified email may find an account; a claim left out counts as not verified. ("true" as a string:
      // some providers send it so.)
      if (payload.email_verified !== true && payload.email_verified !== 'true') {
        throw new InvalidIdTokenError('the identity provider has not verified this email (email_verified is not true)');
      }
      return { issuer: payload.iss!, subject: payload.sub, email: payload.email.toLowerCase() };
    } catch (error) {
      if (error instanceof InvalidIdTokenError) throw error;
      if (error instanceof errors.JOSEError) throw new InvalidIdTokenError(`the ID token is not valid: ${error.code}`);
      throw error;
    }
  }
}

/** OIDC_JWKS as a JWK Set; a malformed one stops the service without echoing the value (it may hold key material). */
function inlineKeys(json: string): JSONWebKeySet {
  try {
    const keys = JSON.parse(json) as JSONWebKeySet;
    if (!Array.isArray(keys?.keys)) throw new Error('no "keys" array');
    return keys;
  } catch {
    throw new Error('OIDC_JWKS must be a JWK Set in JSON: {"keys":[...]} (value not shown)');
  }
}
