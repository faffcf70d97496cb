import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import type { LevelOfCare } from '#contracts';
import { FacilityEntity } from './facility.entity.js';

@Entity({ name: 'bed_counts' })
export class BedCountEntity {
  @PrimaryColumn({ type: 'uuid' })
  facilityId!: string;

  @PrimaryColumn({ type: 'text' })
  levelOfCare!: LevelOfCare;

  @Column({ type: 'int' })
  staffed!: number;

  @Column({ type: 'int' })
  available!: number;

  @Column({ type: 'timestamptz' })
  confirmedAt!: Date;

  @ManyToOne(() => FacilityEntity, (facility) => facility.beds, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'facility_id' })
  facility?: Relation<FacilityEntity>;
}
