import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { GENDERS, LEVELS_OF_CARE, type Gender, type LevelOfCare } from '#vocabulary';
import { TASK_STATUSES, type TaskStatus } from '#vocabulary';

/**
 * What the registry needs to pick a bed that fits: no name, birth date or contact details. Replaced by
 * referral.task.v2, which carries the age band instead of the exact age; the V1 suffix keeps the two
 * versions' schemas apart.
 */
export class BedFitV1Value {
  @IsIn(GENDERS)
  gender!: Gender;

  @IsInt()
  @Min(0)
  @Max(120)
  ageYears!: number;
}

/**
 * A referral addressed to one facility changed status (FHIR Task). The registry holds a bed while
 * the facility owes an answer, converts it on acceptance and releases it otherwise.
 */
export class ReferralTaskV1Value {
  @IsUUID()
  taskId!: string;

  @IsUUID()
  referralId!: string;

  @IsString()
  @IsNotEmpty()
  facilityId!: string;

  @IsIn(TASK_STATUSES)
  status!: TaskStatus;

  /** Why the task reached this status, e.g. a decline reason or "placed-elsewhere". */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  statusReason!: string | null;

  @IsIn(LEVELS_OF_CARE)
  levelOfCare!: LevelOfCare;

  @ValidateNested()
  @Type(() => BedFitV1Value)
  patient!: BedFitV1Value;

  @IsISO8601({ strict: true })
  changedAt!: string;
}
