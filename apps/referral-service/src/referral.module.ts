import { Module } from '@nestjs/common';
import { AuthModule } from '#auth';
import { WriteLimitModule } from '#throttling';
import { loadConfig } from '#config';
import { structuredLogger } from '#observability';
import { healthChecks } from '#http';
import { MessagingModule, ServiceHealthController } from '#messaging';
import { REFERRAL_ENTITIES, REFERRAL_MIGRATIONS } from './database/referral.schema.js';
import { serviceDatabaseModule } from '#persistence';
import { AuditLog } from './audit/audit.log.js';
import { ListAuditHttpController } from './audit/list-audit/list-audit.http.controller.js';
import { EscalateUnansweredHandler } from './referrals/escalate-unanswered/escalate-unanswered.handler.js';
import { EscalationSweeper } from './referrals/escalate-unanswered/escalation.sweeper.js';
import { ReferralEscalator } from './referrals/escalate-unanswered/referral-escalator.js';
import { FacilityInboxHttpController } from './referrals/facility-inbox/facility-inbox.http.controller.js';
import { ListConsentsHttpController } from './referrals/list-consents/list-consents.http.controller.js';
import { ListReferralsHttpController } from './referrals/list-referrals/list-referrals.http.controller.js';
import { TypeOrmPatientRecordRepository } from './referrals/patient-record.repository.js';
import { PATIENT_RECORD_REPOSITORY } from './referrals/patient-record.repository.port.js';
import { ReadPatientDetailsHandler } from './referrals/read-patient-details/read-patient-details.handler.js';
import { ReadPatientDetailsHttpController } from './referrals/read-patient-details/read-patient-details.http.controller.js';
import { RecordConsentHandler } from './referrals/record-consent/record-consent.handler.js';
import { RecordConsentHttpController } from './referrals/record-consent/record-consent.http.controller.js';
import { RecordPatientDetailsHandler } from './referrals/record-patient-details/record-patient-details.handler.js';
import { RecordPatientDetailsHttpController } from './referrals/record-patient-details/record-patient-details.http.controller.js';
import { ReferralReader } from './referrals/referral.reader.js';
import { RevokeConsentHandler } from './referrals/revoke-consent/revoke-consent.handler.js';
import { RevokeConsentHttpController } from './referrals/revoke-consent/revoke-consent.http.controller.js';
import { ChangeTaskStatusHandler } from './referrals/change-task-status/change-task-status.handler.js';
import { ChangeTaskStatusHttpController } from './referrals/change-task-status/change-task-status.http.controller.js';
import { RecordBedHoldHandler } from './referrals/record-bed-hold/record-bed-hold.handler.js';
import { RecordBedHoldKafkaController } from './referrals/record-bed-hold/record-bed-hold.kafka.controller.js';
import { ReferralTaskRecorder } from './referrals/referral-task.recorder.js';
import { SendReferralHandler } from './referrals/send-referral/send-referral.handler.js';
import { SendReferralHttpController } from './referrals/send-referral/send-referral.http.controller.js';
import { GetReferralHttpController } from './referrals/get-referral/get-referral.http.controller.js';
import { PlacementHistoryHttpController } from './referrals/placement-history/placement-history.http.controller.js';
import { PlacementExportHttpController } from './referrals/placement-export/placement-export.http.controller.js';
import { PlacementFiguresHttpController } from './referrals/placement-figures/placement-figures.http.controller.js';
import { TypeOrmPlacementAnalyticsRepository } from './referrals/placement-analytics.repository.js';
import { PLACEMENT_ANALYTICS_REPOSITORY } from './referrals/placement-analytics.repository.port.js';
import { RecordMatchesHandler } from './referrals/record-matches/record-matches.handler.js';
import { RecordMatchesKafkaController } from './referrals/record-matches/record-matches.kafka.controller.js';
import { ReferralUpdates } from './referrals/referral-updates.js';
import { TypeOrmReferralRepository } from './referrals/referral.repository.js';
import { REFERRAL_REPOSITORY } from './referrals/referral.repository.port.js';
import { SubmitReferralHandler } from './referrals/submit-referral/submit-referral.handler.js';
import { SubmitReferralHttpController } from './referrals/submit-referral/submit-referral.http.controller.js';
import { WatchReferralHttpController } from './referrals/watch-referral/watch-referral.http.controller.js';
import { ReferralConfig } from './referral.config.js';
import { ReadFhirReferralsHttpController } from './fhir/read-fhir-referrals/read-fhir-referrals.http.controller.js';

export const REFERRAL_SCHEMA = 'referral';
export const REFERRAL_SERVICE_NAME = 'referral-service';
const config = loadConfig(ReferralConfig);

@Module({
  imports: [
    structuredLogger(REFERRAL_SERVICE_NAME, config.LOG_LEVEL),
    healthChecks(),
    serviceDatabaseModule({
      databaseUrl: config.DATABASE_URL,
      schema: REFERRAL_SCHEMA,
      entities: REFERRAL_ENTITIES,
      migrations: REFERRAL_MIGRATIONS,
    }),
    MessagingModule.forRootWithOutbox({
      serviceName: REFERRAL_SERVICE_NAME,
      brokers: config.kafkaBrokers,
      outboxPollMs: config.OUTBOX_POLL_MS,
    }),
    AuthModule.forRoot({ secret: config.JWT_SECRET, issuer: config.JWT_ISSUER }),
    WriteLimitModule.forRoot(config.WRITES_PER_MINUTE),
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
    ReferralUpdates,
    SubmitReferralHandler,
    RecordMatchesHandler,
    ReferralTaskRecorder,
    SendReferralHandler,
    ChangeTaskStatusHandler,
    RecordBedHoldHandler,
    { provide: PATIENT_RECORD_REPOSITORY, useClass: TypeOrmPatientRecordRepository },
    AuditLog,
    ReferralReader,
    ReferralEscalator,
    EscalateUnansweredHandler,
    EscalationSweeper,
    RecordPatientDetailsHandler,
    ReadPatientDetailsHandler,
    RecordConsentHandler,
    RevokeConsentHandler,
  ],
})
export class ReferralModule {}
