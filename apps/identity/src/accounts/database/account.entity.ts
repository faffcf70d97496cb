import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '#auth';

/** A person (planner, facility staff, admin) or a system that updates beds. */
@Entity({ name: 'accounts' })
export class AccountEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text', unique: true })
  email!: string;

  @Column({ type: 'text' })
  displayName!: string;

  @Column({ type: 'text' })
  role!: Role;

  @Column({ type: 'uuid', array: true, default: '{}' })
  facilityIds!: string[];

  @Column({ type: 'text', nullable: true })
  organization!: string | null;

  /** argon2id hash; null for system accounts that sign in with API keys only. */
  @Column({ type: 'text', nullable: true })
  passwordHash!: string | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /**
   * Access tokens carry it (`ver`); raised whenever the account's access changes (deactivated, reactivated,
   * facilities or organisation changed, an API key revoked), which ends every token issued before.
   */
  @Column({ type: 'integer', default: 0 })
  tokenVersion!: number;

  /** Single sign-on: the identity provider (`iss`) of the person this account was bound to on first use. */
  @Column({ type: 'text', nullable: true })
  ssoIssuer!: string | null;

  /** Single sign-on: that person's `sub` at the provider; later ID tokens for the account must carry the same. */
  @Column({ type: 'text', nullable: true })
  ssoSubject!: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
