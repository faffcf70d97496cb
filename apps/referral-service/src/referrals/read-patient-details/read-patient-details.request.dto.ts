import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { CONSENT_PURPOSES, DEFAULT_CONSENT_PURPOSE, type ConsentPurpose } from '../domain/consent-rules.js';

export class ReadPatientDetailsRequestDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'For staff of several facilities: which one is reading' })
  @IsOptional()
  @IsUUID('all', { message: 'facilityId must be a UUID' })
  facilityId?: string;

  @ApiPropertyOptional({
    enum: CONSENT_PURPOSES,
    default: DEFAULT_CONSENT_PURPOSE,
    description: 'What the details are read for: only a consent given for this purpose discloses them (42 CFR 2.31(a)(4))',
  })
  @IsOptional()
  @IsIn(CONSENT_PURPOSES, { message: `purpose must be one of ${CONSENT_PURPOSES.join(', ')}` })
  purpose?: ConsentPurpose;
}
