import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

const UUID_LIST =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(,[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})*$/i;

/** The standard FHIR search parameters the directory answers (unknown ones are refused, not ignored). */
export class FhirDirectorySearchRequestDto {
  @ApiPropertyOptional({ description: 'Resource ids, comma-separated' })
  @IsOptional()
  @Matches(UUID_LIST, { message: '_id must be one or more resource ids, comma-separated' })
  _id?: string;

  @ApiPropertyOptional({ description: 'Part of the name, any case' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ name: 'address-state', example: 'KY' })
  @IsOptional()
  @Matches(/^[A-Za-z]{2}$/, { message: 'address-state must be a two-letter state code' })
  'address-state'?: string;

  @ApiPropertyOptional({ name: 'address-postalcode', example: '40202' })
  @IsOptional()
  @Matches(/^\d{5}$/, { message: 'address-postalcode must be a five-digit ZIP code' })
  'address-postalcode'?: string;

  @ApiPropertyOptional({ name: 'address-city' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  'address-city'?: string;

  @ApiPropertyOptional({
    name: 'service-type',
    description: 'HealthcareService only: a level of care, as code or system|code',
    example: 'detox-residential',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  'service-type'?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  active?: 'true' | 'false';

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  _count = 20;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100_000)
  _offset = 0;
}
