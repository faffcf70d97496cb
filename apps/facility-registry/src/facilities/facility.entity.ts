import { Column, Entity, OneToMany, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { AgeGroup, Gender, LevelOfCare, Payer, Population } from '#contracts';
import type { Credential } from '#matching';
import { BedCountEntity } from './bed-count.entity.js';

@Entity({ name: 'facilities' })
export class FacilityEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Where the record came from, e.g. `samhsa:substance_1`; makes re-imports update, not duplicate. */
  @Column({ type: 'text', nullable: true, unique: true })
  sourceRef!: string | null;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', default: '' })
  street!: string;

  @Column({ type: 'text' })
  city!: string;

  @Column({ type: 'text' })
  state!: string;

  @Column({ type: 'text' })
  zip!: string;

  @Column({ type: 'text', default: '' })
  phone!: string;

  @Column({ type: 'double precision' })
  latitude!: number;

  @Column({ type: 'double precision' })
  longitude!: number;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ type: 'text', array: true, default: '{}' })
  levelsOfCare!: LevelOfCare[];

  @Column({ type: 'text', array: true, default: '{}' })
  payers!: Payer[];

  @Column({ type: 'text', array: true, default: '{}' })
  populations!: Population[];

  @Column({ type: 'text', array: true, default: '{}' })
  gendersAccepted!: Gender[];

  @Column({ type: 'text', array: true, default: '{}' })
  ageGroupsAccepted!: AgeGroup[];

  @Column({ type: 'jsonb', default: '[]' })
  credentials!: Credential[];

  /** Bumped on every profile change; the sequence of facility.profile.v1 events. */
  @Column({ type: 'int', default: 1 })
  profileVersion!: number;

  /** Bumped on every bed-count change; the sequence of facility.capacity.v1 events. */
  @Column({ type: 'int', default: 0 })
  capacityVersion!: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  @OneToMany(() => BedCountEntity, (bed) => bed.facility)
  beds?: Relation<BedCountEntity[]>;
}
