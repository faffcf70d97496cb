import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

export class ReviewCredentialRequestDto {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'KY-AODE-1234',
    description: 'The credential’s number: needed only when the facility holds two of the type',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  identifier: string | null = null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'Checked against the state licensing board on the phone',
    description: 'How it was checked, or why it was rejected; kept in the facility history',
  })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  note: string | null = null;
}
