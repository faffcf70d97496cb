// The shapes the web app reads from the public API (see /api/openapi.json for the whole document).
// The facility profile's vocabulary (GET /api/facilities/:id).
import type { MedicationService, Operator, SupportService } from '#vocabulary';
import type {
  BedType,
  CourtOrder,
  DeclineReason,
  ExclusionRule,
  Gender,
  Language,
  LevelOfCare,
  Medication,
  PatientPayer,
  ReferralOutcome,
  Substance,
  TaskStatus,
} from '#vocabulary';

export type Role = 'planner' | 'facility-staff' | 'admin' | 'system';

export interface Account {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  facilityIds: string[];
  organization: string | null;
}

export interface PatientNeeds {
  gender: Gender;
  ageYears: number;
  pregnant: boolean;
  coOccurringMentalIllness: boolean;
  /** What the patient needs treatment for (at least one on a new referral). */
  substances: Substance[];
  /** The court order behind the placement (the API still answers the deprecated yes/no courtOrdered too). */
  courtOrder: CourtOrder | null;
  /** Medication to continue. */
  medication: Medication | null;
  /** Medication to start. */
  startMedication: Medication | null;
  bedsForChildren: boolean;
  childcare: boolean;
  language: Language | null;
}

export interface ReferralRequest {
  levelOfCare: LevelOfCare;
  payer: PatientPayer;
  patientZip: string;
  maxDistanceMiles: number;
  acceptHigherLevels: boolean;
  requireAccreditation: boolean;
  needs: PatientNeeds;
}

export interface FacilityMatch {
  rank: number;
  facilityId: string;
  name: string;
  city: string;
  state: string;
  levelOfCare: LevelOfCare;
  distanceMiles: number;
  bedsAvailable: number;
  bedsConfirmedAt: string | null;
  score: number;
  reasons: string[];
}

export interface Exclusion {
  facilityId: string;
  name: string;
  city: string;
  state: string;
  distanceMiles: number;
  rule: ExclusionRule;
  detail: string;
}

export interface Suggestion {
  kind: 'distance' | 'level-of-care' | 'waitlist';
  text: string;
}

export interface ReferralTask {
  id: string;
  facilityId: string;
  facilityName: string;
  levelOfCare: LevelOfCare;
  status: TaskStatus;
  statusReason: string | null;
  statusNote: string | null;
  hold: { status: string; expiresAt: string | null; reason: string | null };
  escalatedFromTaskId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ReferralWarning {
  code: 'moud-in-pregnancy' | 'naltrexone-after-withdrawal' | 'no-next-level' | 'no-answer-no-other-match';
  text: string;
}

export interface Referral {
  id: string;
  matchStatus: 'matching' | 'matched' | 'no-match';
  levelOfCare: LevelOfCare;
  payer: PatientPayer;
  patientZip: string;
  maxDistanceMiles: number;
  needs: PatientNeeds;
  submittedAt: string;
  matchedAt: string | null;
  facilitiesConsidered: number | null;
  excludedByRule: Partial<Record<ExclusionRule, number>> | null;
  matches: FacilityMatch[];
  nearbyExclusions: Exclusion[];
  suggestions: Suggestion[];
  tasks: ReferralTask[];
  warnings: ReferralWarning[];
  outcome: ReferralOutcome;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface BedLine {
  levelOfCare: LevelOfCare;
  bedType: BedType;
  staffed: number;
  available: number;
  held: number;
  opening24h: number;
  opening72h: number;
  waitlist: boolean;
  typicalWaitDays: number | null;
  confirmedAt: string;
  stale: boolean;
}

export interface Facility {
  id: string;
  name: string;
  city: string;
  state: string;
  zip: string;
  phone: string;
  levelsOfCare: LevelOfCare[];
  /** Medications used in treatment, each form only as the facility states it. */
  medications: Medication[];
  /** Continues medication for opioid use disorder prescribed elsewhere; null when not on file. */
  continuesExternalMedication: boolean | null;
  medicationServices: MedicationService[];
  substancesNotTreated: Substance[];
  /** Serves only clients with one of these use disorders; empty when it takes any. */
  servesOnlyClientsWith: Substance[];
  /** Withdrawal it manages; empty when not on file. */
  withdrawalManaged: Substance[];
  operators: Operator[];
  supportServices: SupportService[];
  beds: BedLine[];
  updatedAt: string;
}

export interface InboxItem {
  referralId: string;
  task: ReferralTask;
  requestedLevelOfCare: LevelOfCare;
  payer: PatientPayer;
  needs: PatientNeeds;
  patientZip: string;
  submittedAt: string;
  consent: { id: string; disclosedFields: string[]; expiresAt: string } | null;
}

export interface TaskActionBody {
  reason?: DeclineReason;
  note?: string;
}

export interface DurationFigure {
  referrals: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
}

export interface PlacementFigures {
  referrals: number;
  outcomes: { outcome: ReferralOutcome; count: number }[];
  timeToAcceptance: DurationFigure;
  timeToAdmission: DurationFigure;
  facilities: {
    facilityId: string;
    facilityName: string;
    sent: number;
    accepted: number;
    declined: number;
    failed: number;
    cancelled: number;
    awaiting: number;
    acceptanceRate: number;
    declineRate: number;
  }[];
  declineReasons: { reason: string; count: number }[];
  unmetDemand: {
    referrals: number;
    byLevelOfCare: { levelOfCare: LevelOfCare; count: number }[];
    byState: { state: string | null; count: number }[];
  };
}

export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  actorRole: string;
  actorOrganization: string | null;
  action: string;
  outcome: 'allowed' | 'denied';
  referralId: string | null;
  facilityId: string | null;
  consentId: string | null;
  fields: string[];
  detail: string | null;
}

export interface Consent {
  id: string;
  patientName: string;
  discloser: string;
  recipientFacilityId: string;
  recipientName: string;
  purpose: 'treatment-referral' | 'care-coordination';
  disclosedFields: string[];
  expiresAt: string;
  recordedAt: string;
  revokedAt: string | null;
}
