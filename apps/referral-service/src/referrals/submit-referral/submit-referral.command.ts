import type { LevelOfCare, PatientPayer } from '#contracts';
import type { Principal } from '#auth';
import type { SubmittedNeeds } from '../domain/referral-needs.js';

export class SubmitReferralCommand {
  constructor(
    readonly levelOfCare: LevelOfCare,
    readonly payer: PatientPayer,
    readonly patientZip: string,
    readonly maxDistanceMiles: number,
    readonly needs: SubmittedNeeds,
    readonly submittedAt: Date,
    readonly options: {
      readonly acceptHigherLevels: boolean;
      readonly requireAccreditation: boolean;
      readonly followsReferralId?: string;
    } = {
      acceptHigherLevels: false,
      requireAccreditation: false,
    },
    /** Who submits it: the planner's account and organisation, which scope who sees it later. */
    readonly submitter: Principal | null = null,
  ) {}
}
