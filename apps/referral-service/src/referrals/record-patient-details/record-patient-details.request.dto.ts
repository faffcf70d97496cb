import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class RecordPatientDetailsRequestDto {
  @ApiProperty({ maxLength: 100 }) @IsString() @IsNotEmpty() @MaxLength(100) givenName!: string;
  @ApiProperty({ maxLength: 100 }) @IsString() @IsNotEmpty() @MaxLength(100) familyName!: string;

  @ApiProperty({ example: '1988-04-12', description: 'YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'birthDate must be a date as YYYY-MM-DD' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'birthDate must be a date as YYYY-MM-DD' })
  birthDate!: string;

  @ApiPropertyOptional({ example: '502-555-0199' })
  @IsOptional()
  @Matches(/^[0-9+()\-. ]{7,20}$/, { message: 'phone must be 7–20 digits, spaces or + ( ) - .' })
  phone?: string;

  @ApiPropertyOptional({ maxLength: 300 }) @IsOptional() @IsString() @MaxLength(300) address?: string;
  @ApiPropertyOptional({ maxLength: 64 }) @IsOptional() @IsString() @MaxLength(64) medicalRecordNumber?: string;

  @ApiPropertyOptional({ maxLength: 2000, description: 'What the receiving clinicians need to know' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  clinicalSummary?: string;
}
