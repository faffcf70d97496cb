import { Injectable } from '@nestjs/common';
import { RegistryConfig } from '../registry.config.js';
import type { ResponseClock } from './dtos/facility.response.dto.js';

/** The registry's notion of "now" and of a stale count, in one place so tests and responses agree. */
@Injectable()
export class FacilityClock {
  constructor(private readonly config: RegistryConfig) {}

  current(): ResponseClock {
    return { now: new Date(), staleAfterHours: this.config.BED_COUNT_STALE_HOURS };
  }
}
