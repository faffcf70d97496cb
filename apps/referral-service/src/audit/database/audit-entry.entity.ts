import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const AUDIT_ACTIONS = ['record-patient-details', 'read-patient-details', 'record-consent', 'revoke-consent'] as const;
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
}
