import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsOptional, IsString, IsUUID, Length } from 'class-validator';

/** Fields left out stay as they are. */
export class ChangeAccountAccessRequestDto {
  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'Replaces the facilities a facility-staff or system account acts for (at least one; none for other roles)',
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  facilityIds?: string[];

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Mercy General Hospital', description: 'The organisation; null clears it' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  organization?: string | null;
}
