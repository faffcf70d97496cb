import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, type Role } from '#auth';
import type { AccountEntity } from './database/account.entity.js';

/** An account as others may see it: never its password hash. */
export class AccountResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ type: [String] }) facilityIds!: string[];
  @ApiPropertyOptional({ type: String, nullable: true }) organization!: string | null;
  @ApiProperty() active!: boolean;

  static from(account: AccountEntity): AccountResponseDto {
    return {
      id: account.id,
      email: account.email,
      displayName: account.displayName,
      role: account.role,
      facilityIds: account.facilityIds,
      organization: account.organization,
      active: account.active,
    };
  }
}
