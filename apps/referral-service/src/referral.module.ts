import { Module } from '@nestjs/common';
import { loadConfig } from '#config';
import { MessagingModule, OutboxMessageEntity, ProcessedEventEntity, ServiceHealthController } from '#messaging';
import { serviceDatabaseModule } from '#persistence';
import { CreateReferrals1764000000000 } from './database/migrations/1764000000000-create-referrals.migration.js';
import { ExplainedMatches1764300000000 } from './database/migrations/1764300000000-explained-matches.migration.js';
import { GetReferralHttpController } from './referrals/get-referral/get-referral.http.controller.js';
import { PlacementHistoryHttpController } from './referrals/placement-history/placement-history.http.controller.js';
import { RecordMatchesHandler } from './referrals/record-matches/record-matches.handler.js';
import { RecordMatchesKafkaController } from './referrals/record-matches/record-matches.kafka.controller.js';
import { ReferralMatchEntity } from './referrals/referral-match.entity.js';
import { ReferralUpdates } from './referrals/referral-updates.js';
import { ReferralEntity } from './referrals/referral.entity.js';
import { TypeOrmReferralRepository } from './referrals/referral.repository.js';
import { REFERRAL_REPOSITORY } from './referrals/referral.repository.port.js';
import { SubmitReferralHandler } from './referrals/submit-referral/submit-referral.handler.js';
import { SubmitReferralHttpController } from './referrals/submit-referral/submit-referral.http.controller.js';
import { WatchReferralHttpController } from './referrals/watch-referral/watch-referral.http.controller.js';
import { ReferralConfig } from './referral.config.js';

export const REFERRAL_SCHEMA = 'referral';
export const REFERRAL_SERVICE_NAME = 'referral-service';
const config = loadConfig(ReferralConfig);

@Module({
  imports: [
    serviceDatabaseModule({
      databaseUrl: config.DATABASE_URL,
      schema: REFERRAL_SCHEMA,
      entities: [ReferralEntity, ReferralMatchEntity, OutboxMessageEntity, ProcessedEventEntity],
      migrations: [CreateReferrals1764000000000, ExplainedMatches1764300000000],
    }),
    MessagingModule.forRootWithOutbox({
      serviceName: REFERRAL_SERVICE_NAME,
      brokers: config.kafkaBrokers,
      outboxPollMs: config.OUTBOX_POLL_MS,
    }),
  ],
  controllers: [
    SubmitReferralHttpController,
    GetReferralHttpController,
    WatchReferralHttpController,
    PlacementHistoryHttpController,
    RecordMatchesKafkaController,
    ServiceHealthController,
  ],
  providers: [
    { provide: ReferralConfig, useValue: config },
    { provide: REFERRAL_REPOSITORY, useClass: TypeOrmReferralRepository },
    ReferralUpdates,
    SubmitReferralHandler,
    RecordMatchesHandler,
  ],
})
export class ReferralModule {}
