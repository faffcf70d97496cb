import { loadConfig, ServiceConfig } from '#config';
import { OutboxMessageEntity, ProcessedEventEntity, OutboxCorrelation1764600000000 } from '#messaging';
import { serviceDatabaseModule } from '#persistence';
import { CreateFacilities1764000000000 } from './database/migrations/1764000000000-create-facilities.migration.js';
import { CareModel1764100000000 } from './database/migrations/1764100000000-care-model.migration.js';
import { BedHolds1764400000000 } from './database/migrations/1764400000000-bed-holds.migration.js';
import { BedHoldEntity } from './bed-holds/bed-hold.entity.js';
import { BedCountEntity } from './facilities/bed-count.entity.js';
import { FacilityChangeEntity } from './facilities/facility-change.entity.js';
import { FacilityEntity } from './facilities/facility.entity.js';

export const REGISTRY_SCHEMA = 'registry';
export const REGISTRY_SERVICE_NAME = 'facility-registry';

/** The registry's database, shared by the service and the directory import (which needs no other setting). */
export const registryDatabase = serviceDatabaseModule({
  databaseUrl: loadConfig(ServiceConfig).DATABASE_URL,
  schema: REGISTRY_SCHEMA,
  entities: [FacilityEntity, BedCountEntity, BedHoldEntity, FacilityChangeEntity, OutboxMessageEntity, ProcessedEventEntity],
  migrations: [CreateFacilities1764000000000, CareModel1764100000000, BedHolds1764400000000, OutboxCorrelation1764600000000],
});
