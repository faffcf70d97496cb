import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { BedHoldStatus, BedType, LevelOfCare } from '#contracts';

/** The bed behind one referral task: taken from a bed line while the facility answers. */
@Entity({ name: 'bed_holds' })
export class BedHoldEntity {
  @PrimaryColumn({ type: 'uuid' })
  taskId!: string;

  @Column({ type: 'uuid' })
  referralId!: string;

  /** Text, not uuid: a task naming an unknown facility is still answered (refused). */
  @Column({ type: 'text' })
  facilityId!: string;

  @Column({ type: 'text' })
  levelOfCare!: LevelOfCare;

  /** The bed line the hold took; null when none was taken. */
  @Column({ type: 'text', nullable: true })
  bedType!: BedType | null;

  @Column({ type: 'text' })
  status!: BedHoldStatus;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  /** The newest task version applied; older task events change nothing. */
  @Column({ type: 'int' })
  taskVersion!: number;

  /** Sequence of this hold's events. */
  @Column({ type: 'int' })
  version!: number;

  @Column({ type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
