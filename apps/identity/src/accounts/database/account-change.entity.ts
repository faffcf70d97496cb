import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** What an admin changed about an account's access: the identity service's audit log. Never updated. */
@Entity({ name: 'account_changes' })
export class AccountChangeEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'uuid' })
  accountId!: string;

  /** The admin's account id. */
  @Column({ type: 'uuid' })
  changedBy!: string;

  /** e.g. `deactivated`, `reactivated`, `access-changed`, `api-key-issued`, `api-key-revoked`. */
  @Column({ type: 'text' })
  action!: string;

  /** What changed: old and new values, the key's id. */
  @Column({ type: 'jsonb', default: {} })
  details!: Record<string, unknown>;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  changedAt!: Date;
}
