import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { AccessTokenGuard } from './access-token.guard.js';
import { WriteThrottlerGuard } from './write-throttler.guard.js';

export interface AuthOptions {
  /** Shared secret the identity service signs access tokens with (HS256). */
  readonly secret: string;
  readonly issuer: string;
  /** When set, each account may make at most this many changes (POST/PUT/PATCH/DELETE) a minute. */
  readonly writesPerMinute?: number;
}

/** Verifies access tokens on every route of the service that imports it. */
@Module({})
export class AuthModule {
  static forRoot(options: AuthOptions): DynamicModule {
    const limited = options.writesPerMinute !== undefined;
    return {
      module: AuthModule,
      global: true,
      imports: [
        JwtModule.register({
          secret: options.secret,
          signOptions: { issuer: options.issuer, algorithm: 'HS256' },
          verifyOptions: { issuer: options.issuer, algorithms: ['HS256'] },
        }),
        ...(limited ? [ThrottlerModule.forRoot([{ ttl: 60_000, limit: options.writesPerMinute! }])] : []),
      ],
      // Guards run in this order: who is calling first, then how often they have written.
      providers: [
        { provide: APP_GUARD, useClass: AccessTokenGuard },
        ...(limited ? [{ provide: APP_GUARD, useClass: WriteThrottlerGuard }] : []),
      ],
      exports: [JwtModule],
    };
  }
}
