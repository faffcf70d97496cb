import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { TASK_STATUSES, type TaskStatus } from '#contracts';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** Task search: by the ServiceRequest it fulfils (based-on or focus) or by the facility that owns it. */
export class FhirTaskSearchRequestDto {
  @ApiPropertyOptional({ name: 'based-on', example: 'ServiceRequest/0b8e…' })
  @IsOptional()
  @Matches(new RegExp(`^(ServiceRequest/)?${UUID}$`, 'i'), { message: 'based-on must be ServiceRequest/{id}' })
  'based-on'?: string;

  @ApiPropertyOptional({ example: 'ServiceRequest/0b8e…' })
  @IsOptional()
  @Matches(new RegExp(`^(ServiceRequest/)?${UUID}$`, 'i'), { message: 'focus must be ServiceRequest/{id}' })
  focus?: string;

  @ApiPropertyOptional({ example: 'Organization/5c1d…', description: 'The facility; its staff see its tasks' })
  @IsOptional()
  @Matches(new RegExp(`^(Organization/)?${UUID}$`, 'i'), { message: 'owner must be Organization/{id}' })
  owner?: string;

  @ApiPropertyOptional({ enum: TASK_STATUSES })
  @IsOptional()
  @IsIn(TASK_STATUSES)
  status?: TaskStatus;
}
