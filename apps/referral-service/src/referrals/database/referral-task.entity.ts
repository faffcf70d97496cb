import { Column, Entity, JoinColumn, ManyToOne, OneToMany, PrimaryColumn, type Relation } from 'typeorm';
import type { BedHoldStatus, LevelOfCare, TaskStatus } from '#contracts';
import { ReferralEntity } from './referral.entity.js';
import { TaskTransitionEntity } from './task-transition.entity.js';

export type TaskHoldStatus = 'pending' | BedHoldStatus;

/** The referral as sent to one facility (FHIR Task), with the bed the registry holds for it. */
@Entity({ name: 'referral_tasks' })
export class ReferralTaskEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'uuid' })
  referralId!: string;

  @Column({ type: 'text' })
  facilityId!: string;

  @Column({ type: 'text' })
  facilityName!: string;

  @Column({ type: 'text' })
  levelOfCare!: LevelOfCare;

  @Column({ type: 'text' })
  status!: TaskStatus;

  /** FHIR Task.statusReason: a decline reason, "placed-elsewhere", "no-bed", "hold-expired"… */
  @Column({ type: 'text', nullable: true })
  statusReason!: string | null;

  /** Free text with the status, e.g. what information the facility needs. */
  @Column({ type: 'text', nullable: true })
  statusNote!: string | null;

  @Column({ type: 'text', default: 'pending' })
  holdStatus!: TaskHoldStatus;

  @Column({ type: 'timestamptz', nullable: true })
  holdExpiresAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  holdReason!: string | null;

  /** Sequence of the newest bed-hold event applied. */
  @Column({ type: 'int', default: 0 })
  holdVersion!: number;

  /** Sequence of the task's events. */
  @Column({ type: 'int' })
  version!: number;

  /** The task this one replaced when that facility did not answer in time. */
  @Column({ type: 'uuid', nullable: true })
  escalatedFromTaskId!: string | null;

  @Column({ type: 'text' })
  createdBy!: string;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;

  @ManyToOne(() => ReferralEntity, (referral) => referral.tasks, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'referral_id' })
  referral?: Relation<ReferralEntity>;

  @OneToMany(() => TaskTransitionEntity, (transition) => transition.task)
  transitions?: Relation<TaskTransitionEntity[]>;
}
