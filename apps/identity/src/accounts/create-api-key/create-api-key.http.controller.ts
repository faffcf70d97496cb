import { Body, Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '#auth';
import { CreateApiKeyCommand } from './create-api-key.command.js';
import { CreateApiKeyHandler } from './create-api-key.handler.js';
import { CreateApiKeyRequestDto } from './create-api-key.request.dto.js';

export class ApiKeyResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'Shown once: store it now; only its hash is kept' }) apiKey!: string;
}

@ApiTags('accounts')
@ApiBearerAuth()
@Controller('accounts')
export class CreateApiKeyHttpController {
  constructor(private readonly handler: CreateApiKeyHandler) {}

  @Post(':accountId/api-keys')
  @Roles('admin')
  @ApiOperation({ summary: 'Issue an API key for a system account (e.g. a bed-management system)' })
  @ApiCreatedResponse({ type: ApiKeyResponseDto })
  @ApiBadRequestResponse({ description: 'expiresAt in the past or more than 366 days away' })
  async create(
    @Param('accountId', new ParseUUIDPipe()) accountId: string,
    @Body() body: CreateApiKeyRequestDto,
    @CurrentPrincipal() admin: Principal,
  ): Promise<ApiKeyResponseDto> {
    const expiresAt = body.expiresAt === undefined ? null : new Date(body.expiresAt);
    const { id, apiKey } = await this.handler.execute(new CreateApiKeyCommand(accountId, expiresAt, admin.sub));
    return { id, apiKey };
  }
}
