import { Injectable, Logger } from '@nestjs/common';
import { v5 as uuidV5 } from 'uuid';
import { Topic, type ReferralMatchedValue } from '#contracts';
import { currentCorrelationId, KAFKA_CORRELATION_HEADER } from '#correlation';
import { envelopeFor, EVENT_ID_HEADER, KafkaProducer } from '#messaging';
import { matchFacilities } from '#matching';
import { FacilityStateStore } from '../facility-state/facility-state.store.js';
import { MatcherConfig } from '../matcher.config.js';
import type { MatchReferralCommand } from './match-referral.command.js';
import { matchRequestOf } from './match-request-of-referral.js';

/** Namespace for deriving a match event's id from the referral event it answers. */
const MATCH_EVENT_NAMESPACE = '5b0f3c52-8d0b-4c8e-9a57-1f3f4e3a9c21';

@Injectable()
export class MatchReferralHandler {
  private readonly logger = new Logger(MatchReferralHandler.name);

  constructor(
    private readonly store: FacilityStateStore,
    private readonly producer: KafkaProducer,
    private readonly config: MatcherConfig,
  ) {}

  /**
   * Ranks facilities for one referral and publishes the result. The result's event id is derived from
   * the referral event's id, so a redelivered referral yields a duplicate the consumer recognises.
   */
  async execute(command: MatchReferralCommand): Promise<ReferralMatchedValue> {
    const { envelope: event, now } = command;
    const referral = event.payload;
    const result = matchFacilities(
      matchRequestOf(referral, now, { staleAfterHours: this.config.BED_COUNT_STALE_HOURS, limit: this.config.MATCH_LIMIT }),
      this.store.index,
    );
    const payload: ReferralMatchedValue = {
      referralId: referral.referralId,
      matchedAt: now.toISOString(),
      facilitiesConsidered: result.facilitiesConsidered,
      matches: result.matches.map((match) => ({ ...match, reasons: [...match.reasons] })),
      excludedByRule: { ...result.excludedByRule },
      nearbyExclusions: result.nearbyExclusions.map((exclusion) => ({ ...exclusion })),
      suggestions: result.suggestions.map((suggestion) => ({ ...suggestion })),
    };
    const envelope = envelopeFor(
      { topic: Topic.ReferralMatched, key: referral.referralId, sequence: event.sequence, payload },
      { producer: 'matcher', occurredAt: now, eventId: uuidV5(`${event.eventId}:matched`, MATCH_EVENT_NAMESPACE) },
    );
    await this.producer.send([
      {
        topic: Topic.ReferralMatched,
        messages: [
          {
            key: referral.referralId,
            value: JSON.stringify(envelope),
            headers: { [EVENT_ID_HEADER]: envelope.eventId, [KAFKA_CORRELATION_HEADER]: currentCorrelationId() ?? event.eventId },
          },
        ],
      },
    ]);
    this.logger.log(
      `referral ${referral.referralId}: ${payload.matches.length} match(es) among ${payload.facilitiesConsidered} facilities`,
    );
    return payload;
  }
}
