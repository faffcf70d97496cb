import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, type HealthCheckResult } from '@nestjs/terminus';
import { FacilityStateLoader } from '../facility-state/facility-state.loader.js';
import { FacilityStateStore } from '../facility-state/facility-state.store.js';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly loader: FacilityStateLoader,
    private readonly store: FacilityStateStore,
  ) {}

  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** Ready once the facility state has been rebuilt from Kafka; before that, matches would be incomplete. */
  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () =>
        this.indicators.check('facilityState').attempt(() => {
          if (!this.loader.ready) throw new Error('rebuilding facility state from Kafka');
          return { facilities: this.store.size };
        }),
    ]);
  }
}
