import { Module, type DynamicModule } from '@nestjs/common';
import { structuredLogger } from '#observability';
import { healthChecks } from '#http';
import { AuthModule, identityKeySetUrl } from '#auth';
import { MessagingModule, ServiceHealthController } from '#messaging';
import { TypeOrmFacilityRepository } from './facilities/database/facility.repository.js';
import { FACILITY_REPOSITORY } from './facilities/database/facility.repository.port.js';
import { ExportEdxlHaveHttpController } from './facilities/export-edxl-have/export-edxl-have.http.controller.js';
import { GetFacilityHttpController } from './facilities/get-facility/get-facility.http.controller.js';
import { SearchFacilitiesHttpController } from './facilities/search-facilities/search-facilities.http.controller.js';
import { CapacityUpdateService } from './facilities/update-capacity/capacity-update.service.js';
import { UpdateCapacityHandler } from './facilities/update-capacity/update-capacity.handler.js';
import { UpdateCapacityHttpController } from './facilities/update-capacity/update-capacity.http.controller.js';
import { NewFacilityService } from './facilities/create-facility/new-facility.service.js';
import { CreateFacilityHandler } from './facilities/create-facility/create-facility.handler.js';
import { CreateFacilityHttpController } from './facilities/create-facility/create-facility.http.controller.js';
import { FacilityChangeRecorder } from './facilities/database/facility-change.recorder.js';
import { FacilityClock } from './facilities/facility-clock.js';
import { FacilityHistoryHttpController } from './facilities/facility-history/facility-history.http.controller.js';
import { UpdateAccreditationsHandler } from './facilities/update-accreditations/update-accreditations.handler.js';
import { UpdateAccreditationsHttpController } from './facilities/update-accreditations/update-accreditations.http.controller.js';
import { ReviewCredentialHandler } from './facilities/review-credential/review-credential.handler.js';
import { ReviewCredentialHttpController } from './facilities/review-credential/review-credential.http.controller.js';
import { UpdateInsuranceHandler } from './facilities/update-insurance/update-insurance.handler.js';
import { UpdateInsuranceHttpController } from './facilities/update-insurance/update-insurance.http.controller.js';
import { UpdateProfileHandler } from './facilities/update-profile/update-profile.handler.js';
import { UpdateProfileHttpController } from './facilities/update-profile/update-profile.http.controller.js';
import { ZIP_GEOCODER, zipcodesGeocoder } from './facilities/zip-geocoder.js';
import { ApplyReferralTaskHandler } from './bed-holds/apply-referral-task/apply-referral-task.handler.js';
import { ApplyReferralTaskKafkaController } from './bed-holds/apply-referral-task/apply-referral-task.kafka.controller.js';
import { BedHoldLedger } from './bed-holds/database/bed-hold.ledger.js';
import { TypeOrmBedHoldRepository } from './bed-holds/database/bed-hold.repository.js';
import { BED_HOLD_REPOSITORY } from './bed-holds/database/bed-hold.repository.port.js';
import { BedHoldSweeper } from './bed-holds/expire-bed-holds/bed-hold.sweeper.js';
import { ExpireBedHoldsHandler } from './bed-holds/expire-bed-holds/expire-bed-holds.handler.js';
import { ListBedHoldsHttpController } from './bed-holds/list-bed-holds/list-bed-holds.http.controller.js';
import { RegistryConfig, REGISTRY_SERVICE_NAME } from './registry.config.js';
import { registryDatabase } from './database/registry.database.js';
import { ImportDirectoryHandler } from './facilities/import-directory/import-directory.handler.js';
import { RecordCapacityReportHandler } from './facilities/record-capacity-report/record-capacity-report.handler.js';
import { RecordCapacityReportKafkaController } from './facilities/record-capacity-report/record-capacity-report.kafka.controller.js';
import { ImportFhirBundleHandler } from './fhir/import-fhir-bundle/import-fhir-bundle.handler.js';
import { ImportFhirBundleHttpController } from './fhir/import-fhir-bundle/import-fhir-bundle.http.controller.js';
import { ReadFhirDirectoryHttpController } from './fhir/read-fhir-directory/read-fhir-directory.http.controller.js';

export interface RegistryModuleOptions {
  /**
   * The per-account write limit, `WriteLimitModule.forRoot(config.WRITES_PER_MINUTE)`, which main.ts
   * passes in. Its @nestjs/throttler is CommonJS requiring the ESM @nestjs/common, which jest cannot
   * load (see libs/throttling), so this file must not import it: the integration specs import this
   * module, everything but the limit.
   */
  readonly writeLimit?: DynamicModule;
}

/** The facility registry's use cases; `forRoot` wires them to their config, database, broker and auth. */
@Module({
  controllers: [
    SearchFacilitiesHttpController,
    CreateFacilityHttpController,
    ExportEdxlHaveHttpController,
    GetFacilityHttpController,
    FacilityHistoryHttpController,
    UpdateProfileHttpController,
    UpdateCapacityHttpController,
    UpdateAccreditationsHttpController,
    ReviewCredentialHttpController,
    UpdateInsuranceHttpController,
    ListBedHoldsHttpController,
    ReadFhirDirectoryHttpController,
    ImportFhirBundleHttpController,
    ApplyReferralTaskKafkaController,
    RecordCapacityReportKafkaController,
    ServiceHealthController,
  ],
  providers: [
    { provide: FACILITY_REPOSITORY, useClass: TypeOrmFacilityRepository },
    { provide: ZIP_GEOCODER, useValue: zipcodesGeocoder },
    FacilityChangeRecorder,
    FacilityClock,
    NewFacilityService,
    CreateFacilityHandler,
    UpdateProfileHandler,
    CapacityUpdateService,
    UpdateCapacityHandler,
    UpdateAccreditationsHandler,
    ReviewCredentialHandler,
    UpdateInsuranceHandler,
    { provide: BED_HOLD_REPOSITORY, useClass: TypeOrmBedHoldRepository },
    BedHoldLedger,
    ApplyReferralTaskHandler,
    ExpireBedHoldsHandler,
    BedHoldSweeper,
    ImportFhirBundleHandler,
    RecordCapacityReportHandler,
    // Run by `npm run import:directory` (import-directory.cli.ts, which wires only what it needs); here
    // so that the module holds every use case of the registry and the specs get it as the service wires it.
    ImportDirectoryHandler,
  ],
})
export class RegistryModule {
  /** The registry, wired from its validated config (main.ts loads it; integration specs build one of their own). */
  static forRoot(config: RegistryConfig, options: RegistryModuleOptions = {}): DynamicModule {
    return {
      module: RegistryModule,
      imports: [
        structuredLogger(REGISTRY_SERVICE_NAME, config.LOG_LEVEL),
        healthChecks({ cacheMs: config.HEALTH_CACHE_MS }),
        registryDatabase(config),
        MessagingModule.forRootWithOutbox({
          serviceName: REGISTRY_SERVICE_NAME,
          kafka: config.kafkaConnection,
          outboxPollMs: config.OUTBOX_POLL_MS,
        }),
        AuthModule.forRoot({
          issuer: config.JWT_ISSUER,
          audience: REGISTRY_SERVICE_NAME,
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
      providers: [{ provide: RegistryConfig, useValue: config }],
    };
  }
}
