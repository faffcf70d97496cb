import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AccessTokenGuard } from './access-token.guard.js';

export interface AuthOptions {
  /** Shared secret the identity service signs access tokens with (HS256). */
  readonly secret: string;
  readonly issuer: string;
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
      providers: [{ provide: APP_GUARD, useClass: AccessTokenGuard }],
      exports: [JwtModule],
    };
  }
}
