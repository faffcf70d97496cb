import { Module } from '@nestjs/common';
import { loadConfig } from '#config';
import { structuredLogger } from '#observability';
import { healthChecks } from '#http';
import { AuthModule } from '#auth';
import { WriteLimitModule } from '#throttling';
import { MessagingModule, ServiceHealthController } from '#messaging';
import { TypeOrmFacilityRepository } from './facilities/facility.repository.js';
import { FACILITY_REPOSITORY } from './facilities/facility.repository.port.js';
import { ExportEdxlHaveHttpController } from './facilities/export-edxl-have/export-edxl-have.http.controller.js';
import { GetFacilityHttpController } from './facilities/get-facility/get-facility.http.controller.js';
import { SearchFacilitiesHttpController } from './facilities/search-facilities/search-facilities.http.controller.js';
import { UpdateCapacityHandler } from './facilities/update-capacity/update-capacity.handler.js';
import { UpdateCapacityHttpController } from './facilities/update-capacity/update-capacity.http.controller.js';
import { CreateFacilityHandler } from './facilities/create-facility/create-facility.handler.js';
import { CreateFacilityHttpController } from './facilities/create-facility/create-facility.http.controller.js';
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
import { ApplyReferralTaskHandler } from './bed-holds/apply-referral-task/apply-referral-task.handler.js';
import { ApplyReferralTaskKafkaController } from './bed-holds/apply-referral-task/apply-referral-task.kafka.controller.js';
import { BedHoldLedger } from './bed-holds/bed-hold.ledger.js';
import { TypeOrmBedHoldRepository } from './bed-holds/bed-hold.repository.js';
import { BED_HOLD_REPOSITORY } from './bed-holds/bed-hold.repository.port.js';
import { BedHoldSweeper } from './bed-holds/expire-bed-holds/bed-hold.sweeper.js';
import { ExpireBedHoldsHandler } from './bed-holds/expire-bed-holds/expire-bed-holds.handler.js';
import { ListBedHoldsHttpController } from './bed-holds/list-bed-holds/list-bed-holds.http.controller.js';
import { RegistryConfig } from './registry.config.js';
import { registryDatabase, REGISTRY_SERVICE_NAME } from './registry.database.js';
import { RecordCapacityReportHandler } from './facilities/record-capacity-report/record-capacity-report.handler.js';
import { RecordCapacityReportKafkaController } from './facilities/record-capacity-report/record-capacity-report.kafka.controller.js';
import { ImportFhirBundleHandler } from './fhir/import-fhir-bundle/import-fhir-bundle.handler.js';
import { ImportFhirBundleHttpController } from './fhir/import-fhir-bundle/import-fhir-bundle.http.controller.js';
import { ReadFhirDirectoryHttpController } from './fhir/read-fhir-directory/read-fhir-directory.http.controller.js';

const config = loadConfig(RegistryConfig);

const messaging = MessagingModule.forRootWithOutbox({
  serviceName: REGISTRY_SERVICE_NAME,
  brokers: config.kafkaBrokers,
  outboxPollMs: config.OUTBOX_POLL_MS,
});

@Module({
  imports: [
    structuredLogger(REGISTRY_SERVICE_NAME, config.LOG_LEVEL),
    healthChecks(),
    registryDatabase,
    messaging,
    AuthModule.forRoot({ secret: config.JWT_SECRET, issuer: config.JWT_ISSUER }),
    WriteLimitModule.forRoot(config.WRITES_PER_MINUTE),
  ],
  controllers: [
    SearchFacilitiesHttpController,
    CreateFacilityHttpController,
    ExportEdxlHaveHttpController,
    GetFacilityHttpController,
    FacilityHistoryHttpController,
    UpdateProfileHttpController,
    UpdateCapacityHttpController,
    UpdateAccreditationsHttpController,
    UpdateInsuranceHttpController,
    ListBedHoldsHttpController,
    ReadFhirDirectoryHttpController,
    ImportFhirBundleHttpController,
    ApplyReferralTaskKafkaController,
    RecordCapacityReportKafkaController,
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
    { provide: BED_HOLD_REPOSITORY, useClass: TypeOrmBedHoldRepository },
    BedHoldLedger,
    ApplyReferralTaskHandler,
    ExpireBedHoldsHandler,
    BedHoldSweeper,
    ImportFhirBundleHandler,
    RecordCapacityReportHandler,
  ],
})
export class RegistryModule {}
