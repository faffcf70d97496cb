import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Who the patient is, one row per version: each PUT adds a version and none is ever changed, so a
 * consent discloses the version it was given for, never newer values. Kept apart from the referral
 * (which holds clinical needs only), never put on Kafka or in logs, and disclosed to a facility only
 * under a consent.
 */
@Entity({ name: 'patient_details' })
export class PatientDetailsEntity {
  @PrimaryColumn({ type: 'uuid' })
  referralId!: string;

  /** 1 for the first details recorded for the referral, then one more for each change. */
  @PrimaryColumn({ type: 'int' })
  version!: number;

  @Column({ type: 'text' })
  givenName!: string;

  @Column({ type: 'text' })
  familyName!: string;

  /** Calendar date, YYYY-MM-DD. */
  @Column({ type: 'date' })
  birthDate!: string;

  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  @Column({ type: 'text', nullable: true })
  address!: string | null;

  @Column({ type: 'text', nullable: true })
  medicalRecordNumber!: string | null;

  @Column({ type: 'text', nullable: true })
  clinicalSummary!: string | null;

  @Column({ type: 'text' })
  recordedBy!: string;

  @Column({ type: 'timestamptz' })
  recordedAt!: Date;
}
