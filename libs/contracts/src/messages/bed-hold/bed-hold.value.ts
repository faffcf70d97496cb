import { IsIn, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { BED_TYPES, LEVELS_OF_CARE, type BedType, type LevelOfCare } from '#vocabulary';
import { BED_HOLD_STATUSES, type BedHoldStatus } from '#vocabulary';

/** The registry's answer about the bed behind one referral task: held, refused, and what became of it. */
export class BedHoldValue {
  /** The task the hold belongs to; a task has at most one hold. */
  @IsUUID()
  taskId!: string;

  @IsUUID()
  referralId!: string;

  @IsString()
  @IsNotEmpty()
  facilityId!: string;

  @IsIn(BED_HOLD_STATUSES)
  status!: BedHoldStatus;

  @IsIn(LEVELS_OF_CARE)
  levelOfCare!: LevelOfCare;

  /** The bed line the hold took; null when no bed was taken. */
  @IsOptional()
  @IsIn(BED_TYPES)
  bedType!: BedType | null;

  /** When a held bed returns on its own. */
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt!: string | null;

  /** Why a hold was refused or ended, in words a planner can act on. */
  @IsOptional()
  @IsString()
  @MaxLength(300)
  reason!: string | null;

  @IsISO8601({ strict: true })
  changedAt!: string;
}
