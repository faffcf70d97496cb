import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule, identityKeySetUrl } from '#auth';
import { structuredLogger } from '#observability';
import { healthChecks } from '#http';
import { MessagingModule, ServiceHealthController } from '#messaging';
import { serviceDatabaseModule } from '#persistence';
import { REFERRAL_ENTITIES, REFERRAL_MIGRATIONS } from './database/referral.schema.js';
import { AuditLogRepository } from './audit/database/audit-log.repository.js';
import { ListAuditHttpController } from './audit/list-audit/list-audit.http.controller.js';
import { AwaitReferralAnswerHandler } from './referrals/await-referral-answer/await-referral-answer.handler.js';
import { ChangeTaskStatusHandler } from './referrals/change-task-status/change-task-status.handler.js';
import { ChangeTaskStatusHttpController } from './referrals/change-task-status/change-task-status.http.controller.js';
import { TypeOrmPatientRecordRepository } from './referrals/database/patient-record.repository.js';
import { PATIENT_RECORD_REPOSITORY } from './referrals/database/patient-record.repository.port.js';
import { TypeOrmPlacementAnalyticsRepository } from './referrals/database/placement-analytics.repository.js';
import { PLACEMENT_ANALYTICS_REPOSITORY } from './referrals/database/placement-analytics.repository.port.js';
import { ReferralChangeListener } from './referrals/database/referral-change.listener.js';
import { SharedStreamSlots } from './referrals/database/shared-stream-slots.js';
import { STREAM_SLOT_REPOSITORY } from './referrals/database/stream-slot.repository.port.js';
import { TypeOrmStreamSlotRepository } from './referrals/database/stream-slot.repository.js';
import { ReferralTaskRecorder } from './referrals/database/referral-task.recorder.js';
import { TypeOrmReferralRepository } from './referrals/database/referral.repository.js';
import { REFERRAL_REPOSITORY } from './referrals/database/referral.repository.port.js';
import { EscalateUnansweredHandler } from './referrals/escalate-unanswered/escalate-unanswered.handler.js';
import { EscalationSweeper } from './referrals/escalate-unanswered/escalation.sweeper.js';
import { ReferralEscalator } from './referrals/escalate-unanswered/referral-escalator.js';
import { FacilityInboxHttpController } from './referrals/facility-inbox/facility-inbox.http.controller.js';
import { GetReferralHttpController } from './referrals/get-referral/get-referral.http.controller.js';
import { ListConsentsHandler } from './referrals/list-consents/list-consents.handler.js';
import { ListConsentsHttpController } from './referrals/list-consents/list-consents.http.controller.js';
import { ListReferralsHttpController } from './referrals/list-referrals/list-referrals.http.controller.js';
import { PlacementExportHttpController } from './referrals/placement-export/placement-export.http.controller.js';
import { PlacementFiguresHttpController } from './referrals/placement-figures/placement-figures.http.controller.js';
import { PlacementHistoryHttpController } from './referrals/placement-history/placement-history.http.controller.js';
import { ReadPatientDetailsHandler } from './referrals/read-patient-details/read-patient-details.handler.js';
import { ReadPatientDetailsHttpController } from './referrals/read-patient-details/read-patient-details.http.controller.js';
import { RecordBedHoldHandler } from './referrals/record-bed-hold/record-bed-hold.handler.js';
import { RecordBedHoldKafkaController } from './referrals/record-bed-hold/record-bed-hold.kafka.controller.js';
import { RecordConsentHandler } from './referrals/record-consent/record-consent.handler.js';
import { RecordConsentHttpController } from './referrals/record-consent/record-consent.http.controller.js';
import { RecordMatchesHandler } from './referrals/record-matches/record-matches.handler.js';
import { RecordMatchesKafkaController } from './referrals/record-matches/record-matches.kafka.controller.js';
import { RecordPatientDetailsHandler } from './referrals/record-patient-details/record-patient-details.handler.js';
import { RecordPatientDetailsHttpController } from './referrals/record-patient-details/record-patient-details.http.controller.js';
import { ReferralUpdates } from './referrals/referral-updates.js';
import { ReferralReader } from './referrals/referral.reader.js';
import { RevokeConsentHandler } from './referrals/revoke-consent/revoke-consent.handler.js';
import { RevokeConsentHttpController } from './referrals/revoke-consent/revoke-consent.http.controller.js';
import { SendReferralHandler } from './referrals/send-referral/send-referral.handler.js';
import { SendReferralHttpController } from './referrals/send-referral/send-referral.http.controller.js';
import { SubmitReferralHandler } from './referrals/submit-referral/submit-referral.handler.js';
import { SubmitReferralHttpController } from './referrals/submit-referral/submit-referral.http.controller.js';
import { ReferralFeed } from './referrals/watch-referral/referral-feed.js';
import { WatchReferralHttpController } from './referrals/watch-referral/watch-referral.http.controller.js';
import { ReferralConfig } from './referral.config.js';
import { ReadFhirReferralsHttpController } from './fhir/read-fhir-referrals/read-fhir-referrals.http.controller.js';

export { REFERRAL_SCHEMA } from './referral.config.js';
export const REFERRAL_SERVICE_NAME = 'referral-service';

export interface ReferralModuleOptions {
  /**
   * The per-account write limit, `WriteLimitModule.forRoot(config.WRITES_PER_MINUTE)`, which main.ts
   * passes in. Its @nestjs/throttler is CommonJS requiring the ESM @nestjs/common, which jest cannot
   * load (see libs/throttling), so this file must not import it: the integration specs import this
   * module, everything but the limit.
   */
  readonly writeLimit?: DynamicModule;
}

@Module({})
export class ReferralModule {
  /** The referral service, wired from its validated config (main.ts loads it; integration specs build one of their own). */
  static forRoot(config: ReferralConfig, options: ReferralModuleOptions = {}): DynamicModule {
    return {
      module: ReferralModule,
      imports: [
        structuredLogger(REFERRAL_SERVICE_NAME, config.LOG_LEVEL),
        healthChecks({ cacheMs: config.HEALTH_CACHE_MS }),
        serviceDatabaseModule({
          databaseUrl: config.DATABASE_URL,
          schema: config.DATABASE_SCHEMA,
          entities: REFERRAL_ENTITIES,
          migrations: REFERRAL_MIGRATIONS,
          poolSize: config.DATABASE_POOL_SIZE,
        }),
        MessagingModule.forRootWithOutbox({
          serviceName: REFERRAL_SERVICE_NAME,
          kafka: config.kafkaConnection,
          outboxPollMs: config.OUTBOX_POLL_MS,
        }),
        AuthModule.forRoot({
          issuer: config.JWT_ISSUER,
          audience: REFERRAL_SERVICE_NAME,
          // Verified with identity's published public keys: this service holds no signing key.
          keys: { keySetUrl: identityKeySetUrl(config.IDENTITY_URL) },
          accessStatus: {
            identityUrl: config.IDENTITY_URL,
            cacheMs: config.ACCESS_STATUS_CACHE_MS,
            staleMs: config.ACCESS_STATUS_STALE_MS,
          },
        }),
        // After AuthModule, so the limit's guard runs after the token guard and counts per account.
        ...(options.writeLimit ? [options.writeLimit] : []),
      ],
      controllers: [
        ReadFhirReferralsHttpController,
        ListReferralsHttpController,
        SubmitReferralHttpController,
        GetReferralHttpController,
        WatchReferralHttpController,
        PlacementHistoryHttpController,
        PlacementExportHttpController,
        PlacementFiguresHttpController,
        RecordMatchesKafkaController,
        SendReferralHttpController,
        ChangeTaskStatusHttpController,
        RecordBedHoldKafkaController,
        RecordPatientDetailsHttpController,
        ReadPatientDetailsHttpController,
        RecordConsentHttpController,
        ListConsentsHttpController,
        RevokeConsentHttpController,
        FacilityInboxHttpController,
        ListAuditHttpController,
        ServiceHealthController,
      ],
      providers: [
        { provide: ReferralConfig, useValue: config },
        { provide: REFERRAL_REPOSITORY, useClass: TypeOrmReferralRepository },
        { provide: PLACEMENT_ANALYTICS_REPOSITORY, useClass: TypeOrmPlacementAnalyticsRepository },
        { provide: PATIENT_RECORD_REPOSITORY, useClass: TypeOrmPatientRecordRepository },
        AuditLogRepository,
        ReferralTaskRecorder,
        ReferralUpdates,
        ReferralChangeListener,
        { provide: STREAM_SLOT_REPOSITORY, useClass: TypeOrmStreamSlotRepository },
        SharedStreamSlots,
        ReferralFeed,
        ReferralReader,
        SubmitReferralHandler,
        AwaitReferralAnswerHandler,
        RecordMatchesHandler,
        SendReferralHandler,
        ChangeTaskStatusHandler,
        RecordBedHoldHandler,
        ReferralEscalator,
        EscalateUnansweredHandler,
        EscalationSweeper,
        RecordPatientDetailsHandler,
        ReadPatientDetailsHandler,
        RecordConsentHandler,
        RevokeConsentHandler,
        ListConsentsHandler,
      ],
    };
  }
}
