import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BED_HOLD_STATUSES, BED_TYPES, LEVELS_OF_CARE, type BedHoldStatus, type BedType, type LevelOfCare } from '#contracts';
import type { BedHoldEntity } from './database/bed-hold.entity.js';

/** A hold as facility staff see it: which referral task, which bed line, until when. No patient details. */
export class BedHoldResponseDto {
  @ApiProperty({ format: 'uuid' }) taskId!: string;
  @ApiProperty({ format: 'uuid' }) referralId!: string;
  @ApiProperty({ enum: LEVELS_OF_CARE }) levelOfCare!: LevelOfCare;
  @ApiPropertyOptional({ enum: BED_TYPES, nullable: true }) bedType!: BedType | null;
  @ApiProperty({ enum: BED_HOLD_STATUSES }) status!: BedHoldStatus;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) expiresAt!: string | null;

  static from(hold: BedHoldEntity): BedHoldResponseDto {
    return {
      taskId: hold.taskId,
      referralId: hold.referralId,
      levelOfCare: hold.levelOfCare,
      bedType: hold.bedType,
      status: hold.status,
      expiresAt: hold.expiresAt ? new Date(hold.expiresAt).toISOString() : null,
    };
  }
}
