import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, ValidateNested } from 'class-validator';
import { CredentialDto } from '../dtos/facility-accreditations.request.dto.js';
import { FacilityInsuranceRequestDto } from '../dtos/facility-insurance.request.dto.js';
import { FacilityProfileRequestDto } from '../dtos/facility-profile.request.dto.js';

export class CreateFacilityRequestDto extends FacilityProfileRequestDto {
  @ApiProperty({ type: FacilityInsuranceRequestDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => FacilityInsuranceRequestDto)
  insurance!: FacilityInsuranceRequestDto;

  @ApiProperty({ type: [CredentialDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CredentialDto)
  credentials!: CredentialDto[];
}
