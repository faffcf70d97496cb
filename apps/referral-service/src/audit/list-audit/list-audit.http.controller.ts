import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Roles } from '#auth';
import { AUDIT_ACTIONS, type AuditAction } from '../database/audit-entry.entity.js';
import { AuditLogRepository } from '../database/audit-log.repository.js';
import { ListAuditRequestDto } from './list-audit.request.dto.js';

export class AuditEntryResponseDto {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ description: 'Account id' }) actor!: string;
  @ApiProperty() actorRole!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) actorOrganization!: string | null;
  @ApiProperty({ enum: AUDIT_ACTIONS }) action!: AuditAction;
  @ApiProperty({ enum: ['allowed', 'denied'] }) outcome!: 'allowed' | 'denied';
  @ApiPropertyOptional({ type: String, nullable: true }) referralId!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) facilityId!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) consentId!: string | null;
  @ApiProperty({ type: [String], description: 'Which fields of the patient details, never their values' }) fields!: string[];
  @ApiPropertyOptional({ type: String, nullable: true }) detail!: string | null;
}

export class AuditPageResponseDto {
  @ApiProperty({ type: [AuditEntryResponseDto] }) items!: AuditEntryResponseDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class ListAuditHttpController {
  constructor(private readonly audit: AuditLogRepository) {}

  @Roles('admin')
  @Get()
  @ApiOperation({ summary: 'Who read or disclosed patient details, when, under which consent; newest first' })
  @ApiOkResponse({ type: AuditPageResponseDto })
  async list(@Query() query: ListAuditRequestDto): Promise<AuditPageResponseDto> {
    const { items: rows, total } = await this.audit.search(query);
    return {
      items: rows.map((row) => ({ ...row, at: new Date(row.at).toISOString() })),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }
}
