import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { RegistryConfig } from '../../registry.config.js';
import { ExpireBedHoldsCommand } from './expire-bed-holds.command.js';
import { ExpireBedHoldsHandler } from './expire-bed-holds.handler.js';

/** Runs the expiry every BED_HOLD_SWEEP_MS, so a held bed returns on its own. */
@Injectable()
export class BedHoldSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(BedHoldSweeper.name);
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;

  constructor(
    private readonly handler: ExpireBedHoldsHandler,
    private readonly config: RegistryConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (!this.sweeping) this.sweeping = this.sweep().finally(() => (this.sweeping = null));
    }, this.config.BED_HOLD_SWEEP_MS);
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.sweeping;
  }

  private async sweep(): Promise<void> {
    try {
      const expired = await this.handler.execute(new ExpireBedHoldsCommand());
      if (expired > 0) this.logger.log(`${expired} bed hold(s) expired; beds returned`);
    } catch (error) {
      // The next sweep retries; a database restart must not stop expiry for good.
      this.logger.warn(`bed hold expiry failed, will retry: ${(error as Error).message}`);
    }
  }
}
