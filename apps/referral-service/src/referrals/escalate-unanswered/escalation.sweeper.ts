import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ReferralConfig } from '../../referral.config.js';
import { EscalateUnansweredCommand } from './escalate-unanswered.command.js';
import { EscalateUnansweredHandler } from './escalate-unanswered.handler.js';

/** Looks for unanswered referrals every ESCALATION_SWEEP_MS. */
@Injectable()
export class EscalationSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(EscalationSweeper.name);
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;

  constructor(
    private readonly handler: EscalateUnansweredHandler,
    private readonly config: ReferralConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (!this.sweeping) this.sweeping = this.sweep().finally(() => (this.sweeping = null));
    }, this.config.ESCALATION_SWEEP_MS);
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.sweeping;
  }

  private async sweep(): Promise<void> {
    try {
      const escalated = await this.handler.execute(new EscalateUnansweredCommand());
      if (escalated > 0) this.logger.log(`${escalated} unanswered referral(s) passed to the next match`);
    } catch (error) {
      this.logger.warn(`escalation sweep failed, will retry: ${(error as Error).message}`);
    }
  }
}
