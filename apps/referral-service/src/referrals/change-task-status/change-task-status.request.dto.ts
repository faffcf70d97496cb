import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { DECLINE_REASONS, type DeclineReason } from '#contracts';

export class ChangeTaskStatusRequestDto {
  @ApiPropertyOptional({ enum: DECLINE_REASONS, description: 'Required to decline' })
  @IsOptional()
  @IsIn(DECLINE_REASONS)
  reason?: DeclineReason;

  @ApiPropertyOptional({
    maxLength: 500,
    description: 'Required to decline with reason "other" and to ask for information (what is needed). No patient identifiers.',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  note?: string;
}
