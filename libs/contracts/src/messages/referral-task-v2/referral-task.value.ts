import { Type } from 'class-transformer';
import { IsIn, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import {
  AGE_BANDS,
  GENDERS,
  LEVELS_OF_CARE,
  TASK_STATUSES,
  type AgeBand,
  type Gender,
  type LevelOfCare,
  type TaskStatus,
} from '#vocabulary';

/**
 * What the registry needs to pick a bed that fits (adolescent beds under 18, male and female beds for
 * adults): the gender and the age band. No name, birth date, exact age or contact details.
 */
export class BedFitValue {
  @IsIn(GENDERS)
  gender!: Gender;

  @IsIn(AGE_BANDS)
  ageBand!: AgeBand;
}

/**
 * A referral addressed to one facility changed status (FHIR Task). The registry holds a bed while
 * the facility owes an answer, converts it on acceptance and releases it otherwise. Version 2: the
 * patient's age band replaced the exact age.
 */
export class ReferralTaskValue {
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
  @Type(() => BedFitValue)
  patient!: BedFitValue;

  @IsISO8601({ strict: true })
  changedAt!: string;
}
