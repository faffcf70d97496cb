import { Column, Entity, OneToMany, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type {
  AgeGroup,
  Gender,
  Language,
  LevelOfCare,
  Medication,
  MedicationService,
  Operator,
  Payer,
  Population,
  ProgramValue,
  Substance,
  SupportService,
  Therapy,
} from '#contracts';
import type { StoredCredential } from '../domain/credential-verification.js';
import { BedCountEntity } from './bed-count.entity.js';

@Entity({ name: 'facilities' })
export class FacilityEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Where the record came from, e.g. `samhsa:substance_1`; makes re-imports update, not duplicate. */
  @Column({ type: 'text', nullable: true, unique: true })
  sourceRef!: string | null;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', default: '' })
  street!: string;

  @Column({ type: 'text' })
  city!: string;

  @Column({ type: 'text' })
  state!: string;

  @Column({ type: 'text' })
  zip!: string;

  @Column({ type: 'text', default: '' })
  phone!: string;

  @Column({ type: 'double precision' })
  latitude!: number;

  @Column({ type: 'double precision' })
  longitude!: number;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ type: 'jsonb', default: '[]' })
  programs!: ProgramValue[];

  /** Derived from `programs`, kept as a column so the directory can be searched by level. */
  @Column({ type: 'text', array: true, default: '{}' })
  levelsOfCare!: LevelOfCare[];

  @Column({ type: 'text', array: true, default: '{}' })
  medications!: Medication[];

  @Column({ type: 'boolean', nullable: true })
  continuesExternalMedication!: boolean | null;

  /** Prescribing, medication used for withdrawal only, and stated refusals (NMOA, NMAUT). */
  @Column({ type: 'text', array: true, default: '{}' })
  medicationServices!: MedicationService[];

  /** Substances the facility states it does not treat (NAUT, NOOP). */
  @Column({ type: 'text', array: true, default: '{}' })
  substancesNotTreated!: Substance[];

  /** The facility serves only clients with one of these use disorders (OUDO, AUDO); empty when it takes any. */
  @Column({ type: 'text', array: true, default: '{}' })
  servesOnlyClientsWith!: Substance[];

  /** Withdrawal the facility manages (ADTX, BDTX, ODTX, CDTX, MDTX); empty when not on file. */
  @Column({ type: 'text', array: true, default: '{}' })
  withdrawalManaged!: Substance[];

  /** Who runs it (VA, IHS, tribal, state, …); empty when not on file. */
  @Column({ type: 'text', array: true, default: '{}' })
  operators!: Operator[];

  /** Recovery supports and family services: sober living, aftercare, naloxone, children's beds, childcare, … */
  @Column({ type: 'text', array: true, default: '{}' })
  supportServices!: SupportService[];

  @Column({ type: 'text', array: true, default: '{}' })
  therapies!: Therapy[];

  @Column({ type: 'text', array: true, default: '{}' })
  languages!: Language[];

  @Column({ type: 'text', array: true, default: '{}' })
  payers!: Payer[];

  @Column({ type: 'text', array: true, default: '{}' })
  privateInsurancePlans!: string[];

  @Column({ type: 'boolean', nullable: true })
  upfrontPaymentRequired!: boolean | null;

  @Column({ type: 'text', array: true, default: '{}' })
  populations!: Population[];

  @Column({ type: 'text', array: true, default: '{}' })
  gendersAccepted!: Gender[];

  @Column({ type: 'text', array: true, default: '{}' })
  ageGroupsAccepted!: AgeGroup[];

  /** Licences and accreditations, each with who vouches for it and the admin's last review. */
  @Column({ type: 'jsonb', default: '[]' })
  credentials!: StoredCredential[];

  /** Bumped on every profile change; the sequence of facility.profile.v2 events. */
  @Column({ type: 'int', default: 1 })
  profileVersion!: number;

  /** Bumped on every bed-count change; the sequence of facility.capacity.v2 events. */
  @Column({ type: 'int', default: 0 })
  capacityVersion!: number;

  /** Bumped on every change of licences and accreditations: the facility.accreditation.v1 sequence. */
  @Column({ type: 'int', default: 0 })
  accreditationVersion!: number;

  /** Bumped on every change of accepted payers: the facility.insurance.v1 sequence. */
  @Column({ type: 'int', default: 0 })
  insuranceVersion!: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  @OneToMany(() => BedCountEntity, (bed) => bed.facility)
  beds?: Relation<BedCountEntity[]>;
}
