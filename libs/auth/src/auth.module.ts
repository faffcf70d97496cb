import { Module, type DynamicModule, type Provider, type Type } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AccessTokenGuard } from './access-token.guard.js';
import { AccessTokenVerifier } from './access-token.verifier.js';
import {
  ACCESS_STATUS_SOURCE,
  AccessChecker,
  IdentityAccessStatus,
  UnconfiguredAccessStatus,
  type AccessStatusSource,
  type IdentityAccessStatusOptions,
} from './access-status.js';

/** Where the guard learns whether an account still has access. */
export type AccessStatusOptions =
  /** Every service but identity: ask identity over HTTP, caching each account's answer. */
  | IdentityAccessStatusOptions
  /** Identity itself: read its own database (`providers` are what `source` needs, e.g. its repository). */
  | { readonly source: Type<AccessStatusSource>; readonly providers?: Provider[] };

export interface AuthOptions {
  /** Shared secret the identity service signs access tokens with (HS256). */
  readonly secret: string;
  readonly issuer: string;
  /** Absent only where no route is served (specs that need the JwtService): then every token is refused (503). */
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
      imports: [
        JwtModule.register({
          secret: options.secret,
          signOptions: { issuer: options.issuer, algorithm: 'HS256' },
          verifyOptions: { issuer: options.issuer, algorithms: ['HS256'] },
        }),
      ],
      providers: [
        ...statusProviders(options.accessStatus),
        AccessChecker,
        AccessTokenVerifier,
        { provide: APP_GUARD, useClass: AccessTokenGuard },
      ],
      exports: [JwtModule, AccessChecker, AccessTokenVerifier],
    };
  }
}
