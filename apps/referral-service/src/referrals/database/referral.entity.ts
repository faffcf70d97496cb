import { Column, Entity, OneToMany, PrimaryColumn, type Relation } from 'typeorm';
import type {
  CourtOrder,
  ExclusionValue,
  Gender,
  Language,
  LevelOfCare,
  Medication,
  PatientPayer,
  Substance,
  SuggestionValue,
} from '#contracts';
import { ReferralMatchEntity } from './referral-match.entity.js';
import { ReferralTaskEntity } from './referral-task.entity.js';
import type { MatchStatus } from '../domain/match-status.js';

/** A request for placement. Clinical needs only: searching for capacity needs no patient identity. */
@Entity({ name: 'referrals' })
export class ReferralEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  matchStatus!: MatchStatus;

  @Column({ type: 'text' })
  levelOfCare!: LevelOfCare;

  @Column({ type: 'text' })
  payer!: PatientPayer;

  @Column({ type: 'text' })
  originZip!: string;

  /** The state of the patient's ZIP code: the region for unmet-demand figures. */
  @Column({ type: 'text', nullable: true })
  originState!: string | null;

  @Column({ type: 'double precision' })
  originLatitude!: number;

  @Column({ type: 'double precision' })
  originLongitude!: number;

  @Column({ type: 'double precision' })
  maxDistanceMiles!: number;

  @Column({ type: 'text' })
  gender!: Gender;

  @Column({ type: 'int' })
  ageYears!: number;

  @Column({ type: 'boolean' })
  pregnant!: boolean;

  @Column({ type: 'boolean' })
  coOccurringMentalIllness!: boolean;

  /** What the patient needs treatment for; empty only on referrals made before substances were asked. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  substances!: Substance[];

  /** The kind of court order behind the placement (it replaced the yes/no `court_ordered`, true becoming 'other'). */
  @Column({ type: 'text', nullable: true })
  courtOrder!: CourtOrder | null;

  /** The medication the patient takes and must keep taking. */
  @Column({ type: 'text', nullable: true })
  medication!: Medication | null;

  /** A medication to start. */
  @Column({ type: 'text', nullable: true })
  startMedication!: Medication | null;

  /** The patient's children come too and need a residential bed. */
  @Column({ type: 'boolean', default: false })
  bedsForChildren!: boolean;

  /** The patient needs childcare during treatment. */
  @Column({ type: 'boolean', default: false })
  childcare!: boolean;

  @Column({ type: 'text', nullable: true })
  language!: Language | null;

  @Column({ type: 'boolean', default: false })
  acceptHigherLevels!: boolean;

  @Column({ type: 'boolean', default: false })
  requireAccreditation!: boolean;

  @Column({ type: 'timestamptz' })
  submittedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  matchedAt!: Date | null;

  @Column({ type: 'int', nullable: true })
  facilitiesConsidered!: number | null;

  @Column({ type: 'jsonb', nullable: true })
  excludedByRule!: Record<string, number> | null;

  /** The nearest facilities left out, each with the rule that left it out. */
  @Column({ type: 'jsonb', nullable: true })
  nearbyExclusions!: ExclusionValue[] | null;

  /** What would widen an empty result. */
  @Column({ type: 'jsonb', nullable: true })
  suggestions!: SuggestionValue[] | null;

  /** Sequence of the referral's events. */
  @Column({ type: 'int', default: 1 })
  version!: number;

  /** The account that submitted it; null for referrals from before accounts existed. */
  @Column({ type: 'text', nullable: true })
  submittedBy!: string | null;

  /** The referral this one continues, e.g. the detox stay a residential referral follows. */
  @Column({ type: 'uuid', nullable: true })
  followsReferralId!: string | null;

  /** The submitting planner's organisation: planners see their organisation's referrals. */
  @Column({ type: 'text', nullable: true })
  organization!: string | null;

  @OneToMany(() => ReferralMatchEntity, (match) => match.referral)
  matches?: Relation<ReferralMatchEntity[]>;

  /** The facilities the referral was sent to, one task each. */
  @OneToMany(() => ReferralTaskEntity, (task) => task.referral)
  tasks?: Relation<ReferralTaskEntity[]>;
}
