import { Module, type DynamicModule } from '@nestjs/common';
import { structuredLogger } from '#observability';
import { healthChecks } from '#http';
import { MessagingModule } from '#messaging';
import { FacilityStateLoader } from './facility-state/facility-state.loader.js';
import { FacilityStateStore } from './facility-state/facility-state.store.js';
import { HealthController } from './health/health.controller.js';
import { MatchReferralHandler } from './match-referral/match-referral.handler.js';
import { MatchReferralKafkaController } from './match-referral/match-referral.kafka.controller.js';
import { MatcherConfig } from './matcher.config.js';

export const MATCHER_SERVICE_NAME = 'matcher';

/** No database: the matcher's state is derived from Kafka and rebuilt on every start. */
@Module({})
export class MatcherModule {
  static forRoot(config: MatcherConfig): DynamicModule {
    return {
      module: MatcherModule,
      imports: [
        structuredLogger(MATCHER_SERVICE_NAME, config.LOG_LEVEL),
        healthChecks({ cacheMs: config.HEALTH_CACHE_MS }),
        MessagingModule.forRoot({ serviceName: MATCHER_SERVICE_NAME, kafka: config.kafkaConnection, outboxPollMs: config.OUTBOX_POLL_MS }),
      ],
      controllers: [MatchReferralKafkaController, HealthController],
      providers: [{ provide: MatcherConfig, useValue: config }, FacilityStateStore, FacilityStateLoader, MatchReferralHandler],
    };
  }
}
