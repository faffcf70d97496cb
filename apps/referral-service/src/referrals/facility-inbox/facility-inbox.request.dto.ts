import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional } from 'class-validator';
import { TASK_STATUSES, type TaskStatus } from '#contracts';
import { PageRequestDto } from '#http';

export class FacilityInboxRequestDto extends PageRequestDto {
  @ApiPropertyOptional({
    enum: TASK_STATUSES,
    isArray: true,
    description: 'Only tasks in these statuses, comma-separated (e.g. requested,received,on-hold)',
  })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',').filter((part) => part !== '') : value))
  @IsIn(TASK_STATUSES, { each: true })
  status?: TaskStatus[];
}
