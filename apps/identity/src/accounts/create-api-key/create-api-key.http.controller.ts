import { Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Roles } from '#auth';
import { CreateApiKeyCommand } from './create-api-key.command.js';
import { CreateApiKeyHandler } from './create-api-key.handler.js';

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
  async create(@Param('accountId', new ParseUUIDPipe()) accountId: string): Promise<ApiKeyResponseDto> {
    const { id, apiKey } = await this.handler.execute(new CreateApiKeyCommand(accountId));
    return { id, apiKey };
  }
}
