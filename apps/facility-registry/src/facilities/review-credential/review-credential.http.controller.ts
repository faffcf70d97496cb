import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { CREDENTIAL_TYPES, type CredentialType } from '#contracts';
import { CurrentPrincipal, Roles, type Principal } from '#auth';
import { FACILITY_REPOSITORY, type FacilityRepository } from '../database/facility.repository.port.js';
import { CredentialNotFoundError } from '../domain/facility-errors.js';
import { FacilityResponseDto } from '../dtos/facility.response.dto.js';
import { FacilityClock } from '../facility-clock.js';
import { ReviewCredentialCommand } from './review-credential.command.js';
import { ReviewCredentialHandler } from './review-credential.handler.js';
import { ReviewCredentialRequestDto } from './review-credential.request.dto.js';

@ApiTags('facilities')
@ApiBearerAuth()
@Controller('facilities')
export class ReviewCredentialHttpController {
  constructor(
    private readonly handler: ReviewCredentialHandler,
    @Inject(FACILITY_REPOSITORY) private readonly facilities: FacilityRepository,
    private readonly clock: FacilityClock,
  ) {}

  @Roles('admin')
  @Post(':facilityId/accreditations/:type/verify')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Verify a licence or accreditation (admins): matching counts it; staff changing it makes it unverified again',
  })
  @ApiParam({ name: 'type', enum: CREDENTIAL_TYPES })
  @ApiOkResponse({ type: FacilityResponseDto })
  @ApiBadRequestResponse({ description: 'The facility holds two of the type and no identifier names one; a field is invalid' })
  @ApiForbiddenResponse({ description: 'Not an admin' })
  @ApiNotFoundResponse({ description: 'No such facility, or it holds no such credential' })
  async verify(
    @Param('facilityId', new ParseUUIDPipe()) facilityId: string,
    @Param('type') type: string,
    @Body() body: ReviewCredentialRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<FacilityResponseDto> {
    return this.review(facilityId, type, body, principal, 'verified');
  }

  @Roles('admin')
  @Post(':facilityId/accreditations/:type/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject a licence or accreditation (admins): it becomes unverified, and matching does not count it' })
  @ApiParam({ name: 'type', enum: CREDENTIAL_TYPES })
  @ApiOkResponse({ type: FacilityResponseDto })
  @ApiBadRequestResponse({ description: 'The facility holds two of the type and no identifier names one; a field is invalid' })
  @ApiForbiddenResponse({ description: 'Not an admin' })
  @ApiNotFoundResponse({ description: 'No such facility, or it holds no such credential' })
  async reject(
    @Param('facilityId', new ParseUUIDPipe()) facilityId: string,
    @Param('type') type: string,
    @Body() body: ReviewCredentialRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<FacilityResponseDto> {
    return this.review(facilityId, type, body, principal, 'rejected');
  }

  private async review(
    facilityId: string,
    type: string,
    body: ReviewCredentialRequestDto,
    principal: Principal,
    outcome: 'verified' | 'rejected',
  ): Promise<FacilityResponseDto> {
    // An unknown type is a credential the facility cannot hold: not found, like one it does not hold.
    if (!(CREDENTIAL_TYPES as readonly string[]).includes(type)) throw new CredentialNotFoundError(facilityId, type, body.identifier);
    const command = new ReviewCredentialCommand(facilityId, type as CredentialType, body.identifier, outcome, body.note, principal.sub);
    await this.handler.execute(command);
    return FacilityResponseDto.from((await this.facilities.findWithBeds(facilityId))!, this.clock.current());
  }
}
