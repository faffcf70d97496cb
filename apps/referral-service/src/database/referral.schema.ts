import { OutboxCorrelation1764600000000, OutboxMessageEntity, ProcessedEventEntity } from '#messaging';
import { AuditEntryEntity } from '../audit/database/audit-entry.entity.js';
import { ConsentEntity } from '../referrals/database/consent.entity.js';
import { PatientDetailsEntity } from '../referrals/database/patient-details.entity.js';
import { ReferralMatchEntity } from '../referrals/database/referral-match.entity.js';
import { ReferralTaskEntity } from '../referrals/database/referral-task.entity.js';
import { ReferralEntity } from '../referrals/database/referral.entity.js';
import { TaskTransitionEntity } from '../referrals/database/task-transition.entity.js';
import { CreateReferrals1764000000000 } from './migrations/1764000000000-create-referrals.migration.js';
import { ExplainedMatches1764300000000 } from './migrations/1764300000000-explained-matches.migration.js';
import { ReferralTasks1764400000000 } from './migrations/1764400000000-referral-tasks.migration.js';
import { ConsentAndAudit1764500000000 } from './migrations/1764500000000-consent-and-audit.migration.js';
import { MatchFreshness1764700000000 } from './migrations/1764700000000-match-freshness.migration.js';
import { SubstancesAndCourtOrders1764800000000 } from './migrations/1764800000000-substances-and-court-orders.migration.js';
import { VersionedPatientDetails1765100000000 } from './migrations/1765100000000-versioned-patient-details.migration.js';
import { OpenTaskScopeIndexes1765200000000 } from './migrations/1765200000000-open-task-scope-indexes.migration.js';
import { AppendOnlyAuditChain1765400000000 } from './migrations/1765400000000-append-only-audit-chain.migration.js';
import { ReferralChangeNotifications1765500000000 } from './migrations/1765500000000-referral-change-notifications.migration.js';
import { WriteLimitHits1766100000000 } from './migrations/1766100000000-write-limit-hits.migration.js';
import { StreamSlots1766200000000 } from './migrations/1766200000000-stream-slots.migration.js';

/** The referral schema's tables and migrations: one list for the service and the specs that build the schema. */
export const REFERRAL_ENTITIES = [
  ReferralEntity,
  ReferralMatchEntity,
  ReferralTaskEntity,
  TaskTransitionEntity,
  PatientDetailsEntity,
  ConsentEntity,
  AuditEntryEntity,
  OutboxMessageEntity,
  ProcessedEventEntity,
];

export const REFERRAL_MIGRATIONS = [
  CreateReferrals1764000000000,
  ExplainedMatches1764300000000,
  ReferralTasks1764400000000,
  ConsentAndAudit1764500000000,
  OutboxCorrelation1764600000000,
  MatchFreshness1764700000000,
  SubstancesAndCourtOrders1764800000000,
  VersionedPatientDetails1765100000000,
  OpenTaskScopeIndexes1765200000000,
  AppendOnlyAuditChain1765400000000,
  ReferralChangeNotifications1765500000000,
  WriteLimitHits1766100000000,
  StreamSlots1766200000000,
];
