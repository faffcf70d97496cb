import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { TaskStatus } from '#contracts';
import { ReferralTaskEntity } from './referral-task.entity.js';

/** One status change of a task: who, when, from what to what, and why. */
@Entity({ name: 'referral_task_transitions' })
export class TaskTransitionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'uuid' })
  taskId!: string;

  @Column({ type: 'uuid' })
  referralId!: string;

  @Column({ type: 'text', nullable: true })
  fromStatus!: TaskStatus | null;

  @Column({ type: 'text' })
  toStatus!: TaskStatus;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  /** The account that acted, or the service (e.g. "facility-registry" for an expired hold). */
  @Column({ type: 'text' })
  changedBy!: string;

  @Column({ type: 'timestamptz' })
  changedAt!: Date;

  @ManyToOne(() => ReferralTaskEntity, (task) => task.transitions, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id' })
  task?: Relation<ReferralTaskEntity>;
}
