import type { DeclineReason, LevelOfCare, PatientPayer } from '#contracts';
import type { ReferralOutcome } from '../domain/referral-outcome.js';
import type { ReferralEntity } from './referral.entity.js';

export const PLACEMENT_ANALYTICS_REPOSITORY = Symbol('PLACEMENT_ANALYTICS_REPOSITORY');

/** Which referrals a history page, an export or the figures cover. */
export interface PlacementFilter {
  /** Submitted at or after. */
  readonly from?: Date;
  /** Submitted before. */
  readonly to?: Date;
  /** Matched with or sent to this facility. */
  readonly facilityId?: string;
  readonly levelOfCare?: LevelOfCare;
  readonly payer?: PatientPayer;
  /** State of the patient's ZIP code. */
  readonly state?: string;
  readonly outcome?: ReferralOutcome;
  /** Some facility declined it for this reason. */
  readonly declineReason?: DeclineReason;
}

/** One referral as exported: no patient identity, only what placement figures need. */
export interface PlacementExportRow {
  readonly id: string;
  readonly submittedAt: Date;
  readonly levelOfCare: LevelOfCare;
  readonly payer: PatientPayer;
  readonly state: string | null;
  readonly outcome: ReferralOutcome;
  readonly placedFacilityId: string | null;
  readonly placedFacilityName: string | null;
  /** Facilities that declined it. */
  readonly declinedBy: number;
  /** From submission to the first acceptance / admission by any facility. */
  readonly minutesToAcceptance: number | null;
  readonly minutesToAdmission: number | null;
}

export interface DurationFigure {
  /** Referrals that got that far. */
  readonly referrals: number;
  readonly medianMinutes: number | null;
  readonly p90Minutes: number | null;
}

export interface FacilityFigure {
  readonly facilityId: string;
  readonly facilityName: string;
  readonly sent: number;
  /** The facility said yes (whatever happened after). */
  readonly accepted: number;
  readonly declined: number;
  /** No bed to hold, the hold expired, or the patient did not arrive. */
  readonly failed: number;
  /** Withdrawn by the planner or placed elsewhere. */
  readonly cancelled: number;
  /** Still waiting for the facility's answer. */
  readonly awaiting: number;
  /** accepted / sent. */
  readonly acceptanceRate: number;
  /** declined / sent. */
  readonly declineRate: number;
}

export interface PlacementFigures {
  readonly referrals: number;
  readonly outcomes: readonly { readonly outcome: ReferralOutcome; readonly count: number }[];
  readonly timeToAcceptance: DurationFigure;
  readonly timeToAdmission: DurationFigure;
  readonly facilities: readonly FacilityFigure[];
  readonly declineReasons: readonly { readonly reason: string; readonly count: number }[];
  readonly unmetDemand: {
    readonly referrals: number;
    readonly byLevelOfCare: readonly { readonly levelOfCare: LevelOfCare; readonly count: number }[];
    readonly byState: readonly { readonly state: string | null; readonly count: number }[];
  };
}

/** Read model over referrals, their tasks and transitions for admins. */
export interface PlacementAnalyticsRepository {
  /** One page, newest first, each referral with its matches and tasks. */
  history(filter: PlacementFilter, page: number, pageSize: number): Promise<{ items: ReferralEntity[]; total: number }>;
  /** Every referral the filter selects, newest first, read in chunks of `chunkSize`. */
  exportRows(filter: PlacementFilter, chunkSize?: number): AsyncIterable<PlacementExportRow>;
  figures(filter: PlacementFilter): Promise<PlacementFigures>;
}
