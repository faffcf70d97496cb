import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { decodeEvent, Topic } from '#contracts';
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
    const correlationId = correlationIdOf(message.headers, decoded.envelope.eventId);
    await withCorrelation(correlationId, () => this.handler.execute(new MatchReferralCommand(decoded.envelope)));
  }
}
