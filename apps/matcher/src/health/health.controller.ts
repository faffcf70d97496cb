import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { FacilityStateLoader } from '../facility-state/facility-state.loader.js';
import { FacilityStateStore } from '../facility-state/facility-state.store.js';

@Controller('health')
export class HealthController {
  constructor(
    private readonly loader: FacilityStateLoader,
    private readonly store: FacilityStateStore,
  ) {}

  @Get('live')
  live(): { status: string } {
    return { status: 'ok' };
  }

  /** Ready once the facility state has been rebuilt from Kafka; before that, matches would be incomplete. */
  @Get('ready')
  ready(): { status: string; facilities: number } {
    if (!this.loader.ready) throw new ServiceUnavailableException('rebuilding facility state from Kafka');
    return { status: 'ready', facilities: this.store.size };
  }
}
