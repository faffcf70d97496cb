import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { decodeEvent, referralSubmittedFromV2, Topic, type EventEnvelope, type ReferralSubmittedValue } from '#contracts';
import { correlationIdOf, withCorrelation } from '#correlation';
import { DeadLetterPublisher, rawMessageOf } from '#messaging';
import { MatchReferralCommand } from './match-referral.command.js';
import { MatchReferralHandler } from './match-referral.handler.js';

@Controller()
export class MatchReferralKafkaController {
  constructor(
    private readonly handler: MatchReferralHandler,
    private readonly deadLetters: DeadLetterPublisher,
  ) {}

  /** A malformed referral goes to the dead-letter topic; a transient failure throws, so Kafka redelivers. */
  @EventPattern(Topic.ReferralSubmitted)
  async onReferralSubmitted(@Ctx() context: KafkaContext): Promise<void> {
    const message = context.getMessage();
    const decoded = decodeEvent(Topic.ReferralSubmitted, message.key, message.value);
    if (!decoded.ok) {
      await this.deadLetters.publish(rawMessageOf(context), decoded.reason);
      return;
    }
    await this.match(context, decoded.envelope);
  }

  /**
   * Referrals submitted before the upgrade, still in the log: matched like any other, their exact age
   * turned into its band here, so the matcher never holds it.
   */
  @EventPattern(Topic.ReferralSubmittedV2)
  async onReferralSubmittedV2(@Ctx() context: KafkaContext): Promise<void> {
    const message = context.getMessage();
    const decoded = decodeEvent(Topic.ReferralSubmittedV2, message.key, message.value);
    if (!decoded.ok) {
      await this.deadLetters.publish(rawMessageOf(context), decoded.reason);
      return;
    }
    await this.match(context, { ...decoded.envelope, payload: referralSubmittedFromV2(decoded.envelope.payload) });
  }

  private async match(context: KafkaContext, envelope: EventEnvelope<ReferralSubmittedValue>): Promise<void> {
    const correlationId = correlationIdOf(context.getMessage().headers, envelope.eventId);
    await withCorrelation(correlationId, () => this.handler.execute(new MatchReferralCommand(envelope)));
  }
}
