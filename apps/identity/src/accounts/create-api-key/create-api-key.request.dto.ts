import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';

export class CreateApiKeyRequestDto {
  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    example: '2026-12-31T23:59:59Z',
    description: 'When the key stops signing in: in the future, at most 366 days away. Left out, it lasts until revoked.',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'expiresAt must be a date and time (ISO 8601)' })
  expiresAt?: string;
}
