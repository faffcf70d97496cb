import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { FacilityAspect } from '../domain/facility-aspects.js';

/** One change to one aspect of a facility, with the value before and after: the facility's history. */
@Entity({ name: 'facility_changes' })
export class FacilityChangeEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'uuid' })
  facilityId!: string;

  @Column({ type: 'text' })
  aspect!: FacilityAspect;

  /** The aspect's version after the change; equals the sequence of the event that announced it. */
  @Column({ type: 'int' })
  sequence!: number;

  @Column({ type: 'jsonb', nullable: true })
  previous!: unknown;

  @Column({ type: 'jsonb' })
  current!: unknown;

  /** Who made the change: the directory import, or the account that called the API. */
  @Column({ type: 'text' })
  changedBy!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  changedAt!: Date;
}
