import { ApiProperty } from '@nestjs/swagger';
import type { ApiKeyEntity } from './database/api-key.entity.js';
import { apiKeyState, type ApiKeyState } from './domain/account-access.js';

/** An API key as an admin may see it: its public prefix and dates, never its secret or hash. */
export class ApiKeySummaryResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '3f9a0c1b2d4e', description: 'The public part of the key (sudk_<prefix>_...), to tell keys apart' })
  prefix!: string;
  @ApiProperty({ enum: ['active', 'revoked', 'expired'] }) state!: ApiKeyState;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiresAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt!: string | null;

  static from(key: ApiKeyEntity, now = new Date()): ApiKeySummaryResponseDto {
    return {
      id: key.id,
      prefix: key.prefix,
      state: apiKeyState(key, now),
      createdAt: key.createdAt.toISOString(),
      expiresAt: key.expiresAt?.toISOString() ?? null,
      revokedAt: key.revokedAt?.toISOString() ?? null,
    };
  }
}
