import { OutboxCorrelation1764600000000, OutboxMessageEntity, ProcessedEventEntity } from '#messaging';
import { BedHoldEntity } from '../bed-holds/database/bed-hold.entity.js';
import { BedCountEntity } from '../facilities/database/bed-count.entity.js';
import { FacilityChangeEntity } from '../facilities/database/facility-change.entity.js';
import { FacilityEntity } from '../facilities/database/facility.entity.js';
import { CreateFacilities1764000000000 } from './migrations/1764000000000-create-facilities.migration.js';
import { CareModel1764100000000 } from './migrations/1764100000000-care-model.migration.js';
import { BedHolds1764400000000 } from './migrations/1764400000000-bed-holds.migration.js';
import { ClinicalFacts1764700000000 } from './migrations/1764700000000-clinical-facts.migration.js';
import { CredentialVerification1765600000000 } from './migrations/1765600000000-credential-verification.migration.js';
import { WriteLimitHits1766100000000 } from './migrations/1766100000000-write-limit-hits.migration.js';

/** The registry schema's tables and migrations: one list for the service and the specs that build the schema. */
export const REGISTRY_ENTITIES = [
  FacilityEntity,
  BedCountEntity,
  BedHoldEntity,
  FacilityChangeEntity,
  OutboxMessageEntity,
  ProcessedEventEntity,
];

export const REGISTRY_MIGRATIONS = [
  CreateFacilities1764000000000,
  CareModel1764100000000,
  BedHolds1764400000000,
  OutboxCorrelation1764600000000,
  ClinicalFacts1764700000000,
  CredentialVerification1765600000000,
  WriteLimitHits1766100000000,
];
