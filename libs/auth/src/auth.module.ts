import { Module, type DynamicModule, type Provider, type Type } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { JWTVerifyGetKey } from 'jose';
import { AccessTokenGuard } from './access-token.guard.js';
import { TOKEN_KEYS, tokenKeysOf, type TokenKeysOptions } from './access-token.keys.js';
import { AccessTokenReader } from './access-token.reader.js';
import { AccessTokenVerifier } from './access-token.verifier.js';
import {
  ACCESS_STATUS_SOURCE,
  AccessChecker,
  IdentityAccessStatus,
  UnconfiguredAccessStatus,
  type AccessStatusSource,
  type IdentityAccessStatusOptions,
} from './access-status.js';
import type { TokenAudience } from './token-audience.js';

/** Where the guard learns whether an account still has access. */
export type AccessStatusOptions =
  /** Every service but identity: ask identity over HTTP, caching each account's answer. */
  | IdentityAccessStatusOptions
  /** Identity itself: read its own database (`providers` are what `source` needs, e.g. its repository). */
  | { readonly source: Type<AccessStatusSource>; readonly providers?: Provider[] };

export interface AuthOptions {
  /** The `iss` of access tokens (JWT_ISSUER). */
  readonly issuer: string;
  /** This service's name: only tokens whose `aud` names it are accepted. */
  readonly audience: TokenAudience;
  /** The public keys access tokens must be signed with: identity's published set, or its own. No service holds a private one here. */
  readonly keys: TokenKeysOptions;
  /** Absent only where no route is served (specs that only read tokens): then every token is refused (503). */
  readonly accessStatus?: AccessStatusOptions;
}

function statusProviders(options: AccessStatusOptions | undefined): Provider[] {
  if (!options) return [{ provide: ACCESS_STATUS_SOURCE, useClass: UnconfiguredAccessStatus }];
  if ('source' in options) return [...(options.providers ?? []), { provide: ACCESS_STATUS_SOURCE, useClass: options.source }];
  return [{ provide: ACCESS_STATUS_SOURCE, useValue: new IdentityAccessStatus(options) }];
}

/** Verifies access tokens on every route of the service that imports it. */
@Module({})
export class AuthModule {
  static forRoot(options: AuthOptions): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      providers: [
        { provide: TOKEN_KEYS, useFactory: () => tokenKeysOf(options.keys) },
        {
          provide: AccessTokenReader,
          useFactory: (keys: JWTVerifyGetKey) => new AccessTokenReader(keys, { issuer: options.issuer, audience: options.audience }),
          inject: [TOKEN_KEYS],
        },
        ...statusProviders(options.accessStatus),
        AccessChecker,
        AccessTokenVerifier,
        { provide: APP_GUARD, useClass: AccessTokenGuard },
      ],
      exports: [AccessTokenReader, AccessChecker, AccessTokenVerifier],
    };
  }
}
