import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsEmail, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { ROLES, type Role } from '#auth';

export class CreateAccountRequestDto {
  @ApiProperty({ example: 'planner@hospital.example' })
  @IsEmail()
  email!: string;

  @ApiProperty({ example: 'Dana Discharge' })
  @IsString()
  @Length(1, 120)
  displayName!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Facilities a facility-staff or system account acts for' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  facilityIds: string[] = [];

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Mercy General Hospital', description: "A planner's organisation" })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  organization: string | null = null;

  @ApiPropertyOptional({ description: 'At least 12 characters; omit for a system account that uses API keys' })
  @IsOptional()
  @IsString()
  @Length(12, 200, { message: 'password must be 12 to 200 characters long' })
  password?: string;
}
