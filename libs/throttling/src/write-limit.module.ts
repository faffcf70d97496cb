import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { WriteThrottlerGuard } from './write-throttler.guard.js';

/**
 * Each account may make at most `writesPerMinute` changes a minute. Import it after AuthModule, so
 * its guard runs after the token guard and counts per account.
 */
@Module({})
export class WriteLimitModule {
  static forRoot(writesPerMinute: number): DynamicModule {
    return {
      module: WriteLimitModule,
      imports: [ThrottlerModule.forRoot([{ ttl: 60_000, limit: writesPerMinute }])],
      providers: [{ provide: APP_GUARD, useClass: WriteThrottlerGuard }],
    };
  }
}
