import { Module } from '@nestjs/common';
import { loadConfig } from '#config';
import { MessagingModule, OutboxMessageEntity, ProcessedEventEntity, ServiceHealthController } from '#messaging';
import { serviceDatabaseModule } from '#persistence';
import { CreateFacilities1764000000000 } from './database/migrations/1764000000000-create-facilities.migration.js';
import { BedCountEntity } from './facilities/bed-count.entity.js';
import { FacilityEntity } from './facilities/facility.entity.js';
import { TypeOrmFacilityRepository } from './facilities/facility.repository.js';
import { FACILITY_REPOSITORY } from './facilities/facility.repository.port.js';
import { GetFacilityHttpController } from './facilities/get-facility/get-facility.http.controller.js';
import { ImportDirectoryHandler } from './facilities/import-directory/import-directory.handler.js';
import { SearchFacilitiesHttpController } from './facilities/search-facilities/search-facilities.http.controller.js';
import { UpdateCapacityHandler } from './facilities/update-capacity/update-capacity.handler.js';
import { UpdateCapacityHttpController } from './facilities/update-capacity/update-capacity.http.controller.js';
import { CreateFacilityHandler } from './facilities/create-facility/create-facility.handler.js';
import { CreateFacilityHttpController } from './facilities/create-facility/create-facility.http.controller.js';
import { FacilityChangeEntity } from './facilities/facility-change.entity.js';
import { FacilityChangeRecorder } from './facilities/facility-change.recorder.js';
import { FacilityClock } from './facilities/facility-clock.js';
import { FacilityHistoryHttpController } from './facilities/facility-history/facility-history.http.controller.js';
import { UpdateAccreditationsHandler } from './facilities/update-accreditations/update-accreditations.handler.js';
import { UpdateAccreditationsHttpController } from './facilities/update-accreditations/update-accreditations.http.controller.js';
import { UpdateInsuranceHandler } from './facilities/update-insurance/update-insurance.handler.js';
import { UpdateInsuranceHttpController } from './facilities/update-insurance/update-insurance.http.controller.js';
import { UpdateProfileHandler } from './facilities/update-profile/update-profile.handler.js';
import { UpdateProfileHttpController } from './facilities/update-profile/update-profile.http.controller.js';
import { ZIP_GEOCODER, zipcodesGeocoder } from './facilities/zip-geocoder.js';
import { CareModel1764100000000 } from './database/migrations/1764100000000-care-model.migration.js';
import { RegistryConfig } from './registry.config.js';

export const REGISTRY_SCHEMA = 'registry';
export const REGISTRY_SERVICE_NAME = 'facility-registry';

const config = loadConfig(RegistryConfig);

export const registryDatabase = serviceDatabaseModule({
  databaseUrl: config.DATABASE_URL,
  schema: REGISTRY_SCHEMA,
  entities: [FacilityEntity, BedCountEntity, FacilityChangeEntity, OutboxMessageEntity, ProcessedEventEntity],
  migrations: [CreateFacilities1764000000000, CareModel1764100000000],
});

const messaging = MessagingModule.forRootWithOutbox({
  serviceName: REGISTRY_SERVICE_NAME,
  brokers: config.kafkaBrokers,
  outboxPollMs: config.OUTBOX_POLL_MS,
});

@Module({
  imports: [registryDatabase, messaging],
  controllers: [
    SearchFacilitiesHttpController,
    CreateFacilityHttpController,
    GetFacilityHttpController,
    FacilityHistoryHttpController,
    UpdateProfileHttpController,
    UpdateCapacityHttpController,
    UpdateAccreditationsHttpController,
    UpdateInsuranceHttpController,
    ServiceHealthController,
  ],
  providers: [
    { provide: RegistryConfig, useValue: config },
    { provide: FACILITY_REPOSITORY, useClass: TypeOrmFacilityRepository },
    { provide: ZIP_GEOCODER, useValue: zipcodesGeocoder },
    FacilityChangeRecorder,
    FacilityClock,
    CreateFacilityHandler,
    UpdateProfileHandler,
    UpdateCapacityHandler,
    UpdateAccreditationsHandler,
    UpdateInsuranceHandler,
  ],
})
export class RegistryModule {}
