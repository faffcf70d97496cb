import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A credential for a system (e.g. a bed-management system) to obtain access tokens. */
@Entity({ name: 'api_keys' })
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  accountId!: string;

  /** The public part of the key, to find its row; the secret part is stored only as a hash. */
  @Column({ type: 'text', unique: true })
  prefix!: string;

  @Column({ type: 'text' })
  secretHash!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  /** After this the key signs nobody in; null: it lasts until revoked. */
  @Column({ type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;
}
