import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import zipcodes from 'zipcodes';
import { Topic } from '#contracts';
import { OutboxWriter } from '#messaging';
import { UnitOfWork } from '#persistence';
import { isPlannerOf } from '../domain/referral-access.js';
import { InvalidReferralError } from '../domain/referral-errors.js';
import { ReferralEntity } from '../database/referral.entity.js';
import { REFERRAL_REPOSITORY, type ReferralRepository } from '../database/referral.repository.port.js';
import { toSubmittedPayload } from '../domain/referral-events.js';
import type { SubmitReferralCommand } from './submit-referral.command.js';

@Injectable()
export class SubmitReferralHandler {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(REFERRAL_REPOSITORY) private readonly referrals: ReferralRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  /** Stores the referral and its referral.submitted.v3 event together; the matcher answers on Kafka. */
  async execute(command: SubmitReferralCommand): Promise<ReferralEntity> {
    const place = zipcodes.lookup(command.patientZip);
    if (!place) throw new InvalidReferralError('patientZip', `${command.patientZip} is not a known US ZIP code`);
    if (command.needs.pregnant && command.needs.gender !== 'female') {
      throw new InvalidReferralError('needs.pregnant', 'only a female patient can be recorded as pregnant');
    }
    const referral = Object.assign(new ReferralEntity(), {
      id: randomUUID(),
      matchStatus: 'matching',
      levelOfCare: command.levelOfCare,
      payer: command.payer,
      originZip: command.patientZip,
      originState: place.state ?? null,
      originLatitude: place.latitude,
      originLongitude: place.longitude,
      maxDistanceMiles: command.maxDistanceMiles,
      gender: command.needs.gender,
      ageYears: command.needs.ageYears,
      pregnant: command.needs.pregnant,
      coOccurringMentalIllness: command.needs.coOccurringMentalIllness,
      substances: [...command.needs.substances],
      courtOrder: command.needs.courtOrder ?? null,
      medication: command.needs.medication ?? null,
      startMedication: command.needs.startMedication ?? null,
      bedsForChildren: command.needs.bedsForChildren ?? false,
      childcare: command.needs.childcare ?? false,
      language: command.needs.language ?? null,
      acceptHigherLevels: command.options.acceptHigherLevels,
      requireAccreditation: command.options.requireAccreditation,
      submittedAt: command.submittedAt,
      matchedAt: null,
      facilitiesConsidered: null,
      excludedByRule: null,
      nearbyExclusions: null,
      suggestions: null,
      version: 1,
      followsReferralId: command.options.followsReferralId ?? null,
      submittedBy: command.submitter?.sub ?? null,
      organization: command.submitter?.organization ?? null,
    } satisfies Omit<ReferralEntity, 'matches' | 'tasks'>);
    await this.unitOfWork.run(async (tx) => {
      if (referral.followsReferralId) {
        const previous = await this.referrals.lockForUpdate(tx, referral.followsReferralId);
        if (!previous || (command.submitter && !isPlannerOf(command.submitter, previous)))
          throw new InvalidReferralError('followsReferralId', 'not one of your organisation’s referrals');
      }
      await this.referrals.insert(tx, referral);
      await this.outbox.append(tx, [
        { topic: Topic.ReferralSubmitted, key: referral.id, sequence: referral.version, payload: toSubmittedPayload(referral) },
      ]);
    });
    return referral;
  }
}
