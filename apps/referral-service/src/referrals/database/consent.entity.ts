import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ConsentPurpose, DisclosableField } from '../domain/consent-rules.js';

/**
 * A patient's written consent to disclose (42 CFR Part 2 § 2.31): who the patient is, who discloses,
 * to whom, for what purpose, what is disclosed, until when.
 */
@Entity({ name: 'consents' })
export class ConsentEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'uuid' })
  referralId!: string;

  /** The patient's name as it stood when the consent was given. */
  @Column({ type: 'text' })
  patientName!: string;

  /** The version of the patient details the consent was given for: the only one it discloses. */
  @Column({ type: 'int' })
  patientDetailsVersion!: number;

  /** The organisation (and account) that discloses. */
  @Column({ type: 'text' })
  discloser!: string;

  @Column({ type: 'text' })
  recipientFacilityId!: string;

  @Column({ type: 'text' })
  recipientName!: string;

  @Column({ type: 'text' })
  purpose!: ConsentPurpose;

  @Column({ type: 'text', array: true })
  disclosedFields!: DisclosableField[];

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'text' })
  recordedBy!: string;

  @Column({ type: 'timestamptz' })
  recordedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  revokedBy!: string | null;
}
