import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import type { LevelOfCare } from '#contracts';
import { ReferralEntity } from './referral.entity.js';

@Entity({ name: 'referral_matches' })
export class ReferralMatchEntity {
  @PrimaryColumn({ type: 'uuid' })
  referralId!: string;

  /** 1 is the best match. */
  @PrimaryColumn({ type: 'int' })
  rank!: number;

  @Column({ type: 'text' })
  facilityId!: string;

  @Column({ type: 'text' })
  facilityName!: string;

  /** The level the bed is in (a more intensive one than requested, if the planner allowed it). */
  @Column({ type: 'text' })
  levelOfCare!: LevelOfCare;

  @Column({ type: 'text' })
  city!: string;

  @Column({ type: 'text' })
  state!: string;

  @Column({ type: 'double precision' })
  distanceMiles!: number;

  @Column({ type: 'int' })
  bedsAvailable!: number;

  @Column({ type: 'timestamptz', nullable: true })
  bedsConfirmedAt!: Date | null;

  @Column({ type: 'double precision' })
  score!: number;

  @Column({ type: 'text', array: true })
  reasons!: string[];

  @ManyToOne(() => ReferralEntity, (referral) => referral.matches, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'referral_id' })
  referral?: Relation<ReferralEntity>;
}
