import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const AUDIT_ACTIONS = [
  'record-patient-details',
  'read-patient-details',
  'record-consent',
  'revoke-consent',
  'read-consents',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One access to patient details, allowed or denied. Holds which fields, never their values. */
@Entity({ name: 'audit_log' })
export class AuditEntryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'text' })
  actor!: string;

  @Column({ type: 'text' })
  actorRole!: string;

  @Column({ type: 'text', nullable: true })
  actorOrganization!: string | null;

  @Column({ type: 'text' })
  action!: AuditAction;

  @Column({ type: 'text' })
  outcome!: 'allowed' | 'denied';

  @Column({ type: 'uuid', nullable: true })
  referralId!: string | null;

  @Column({ type: 'text', nullable: true })
  facilityId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  consentId!: string | null;

  @Column({ type: 'text', array: true, default: '{}' })
  fields!: string[];

  @Column({ type: 'text', nullable: true })
  detail!: string | null;

  /** Set by the database on insert (trigger audit_log_chain): the entry's place in the hash chain. */
  @Column({ type: 'bigint', insert: false, update: false })
  chainPosition!: string;

  /** The previous entry's hash ('' for the first), and SHA-256 of it with this entry's content. */
  @Column({ type: 'text', insert: false, update: false })
  prevHash!: string;

  @Column({ type: 'text', insert: false, update: false })
  hash!: string;
}
