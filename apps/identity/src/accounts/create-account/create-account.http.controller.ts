import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '#auth';
import { AccountResponseDto } from '../account.response.dto.js';
import { CreateAccountCommand } from './create-account.command.js';
import { CreateAccountHandler } from './create-account.handler.js';
import { CreateAccountRequestDto } from './create-account.request.dto.js';

@ApiTags('accounts')
@ApiBearerAuth()
@Controller('accounts')
export class CreateAccountHttpController {
  constructor(private readonly handler: CreateAccountHandler) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create an account for a planner, facility staff, an admin or a bed-update system' })
  @ApiCreatedResponse({ type: AccountResponseDto })
  @ApiConflictResponse({ description: 'The email has an account already' })
  async create(@Body() body: CreateAccountRequestDto): Promise<AccountResponseDto> {
    const command = new CreateAccountCommand({
      email: body.email,
      displayName: body.displayName,
      role: body.role,
      facilityIds: body.facilityIds,
      organization: body.organization,
      password: body.password,
    });
    return AccountResponseDto.from(await this.handler.execute(command));
  }
}
