import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { PostgresThrottlerStorage } from './postgres-throttler.storage.js';
import { WriteThrottlerGuard } from './write-throttler.guard.js';

/** The counts' store as a provider of its own, so it gets the service's DataSource and its lifecycle hooks. */
@Module({ providers: [PostgresThrottlerStorage], exports: [PostgresThrottlerStorage] })
class WriteLimitStorageModule {}

/**
 * Each account may make at most `writesPerMinute` changes a minute, however many instances of the service
 * run: the counts live in the service's database (table `write_limit_hits`, from its migrations). Import it
 * after AuthModule, so its guard runs after the token guard and counts per account.
 */
@Module({})
export class WriteLimitModule {
  static forRoot(writesPerMinute: number): DynamicModule {
    return {
      module: WriteLimitModule,
      imports: [
        ThrottlerModule.forRootAsync({
          imports: [WriteLimitStorageModule],
          inject: [PostgresThrottlerStorage],
          useFactory: (storage: PostgresThrottlerStorage) => ({ throttlers: [{ ttl: 60_000, limit: writesPerMinute }], storage }),
        }),
      ],
      providers: [{ provide: APP_GUARD, useClass: WriteThrottlerGuard }],
    };
  }
}
