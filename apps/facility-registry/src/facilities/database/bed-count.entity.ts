import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import type { BedType, LevelOfCare } from '#contracts';
import { FacilityEntity } from './facility.entity.js';

@Entity({ name: 'bed_counts' })
export class BedCountEntity {
  @PrimaryColumn({ type: 'uuid' })
  facilityId!: string;

  @PrimaryColumn({ type: 'text' })
  levelOfCare!: LevelOfCare;

  @PrimaryColumn({ type: 'text' })
  bedType!: BedType;

  @Column({ type: 'int' })
  staffed!: number;

  /** Beds free for new referrals: those reported free, less those held. */
  @Column({ type: 'int' })
  available!: number;

  /** Beds held for referrals the facility has not answered yet. */
  @Column({ type: 'int', default: 0 })
  held!: number;

  @Column({ type: 'int', default: 0 })
  opening24h!: number;

  @Column({ type: 'int', default: 0 })
  opening72h!: number;

  @Column({ type: 'boolean', default: false })
  waitlist!: boolean;

  @Column({ type: 'int', nullable: true })
  typicalWaitDays!: number | null;

  @Column({ type: 'timestamptz' })
  confirmedAt!: Date;

  @ManyToOne(() => FacilityEntity, (facility) => facility.beds, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'facility_id' })
  facility?: Relation<FacilityEntity>;
}
