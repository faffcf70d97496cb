import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Length, ValidateIf } from 'class-validator';

/** Either email and password (people) or an API key (systems). */
export class IssueTokenRequestDto {
  @ApiPropertyOptional({ example: 'admin@demo.example' })
  @ValidateIf((request: IssueTokenRequestDto) => request.apiKey === undefined || request.apiKey === null)
  @IsEmail()
  email?: string;

  @ApiPropertyOptional()
  @ValidateIf((request: IssueTokenRequestDto) => request.apiKey === undefined || request.apiKey === null)
  @IsString()
  @Length(1, 200)
  password?: string;

  @ApiPropertyOptional({ example: 'sudk_0123456789ab_…' })
  @IsOptional()
  @IsString()
  @Length(10, 200)
  apiKey?: string;
}
