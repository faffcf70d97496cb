import { Controller, Get, Inject, Param, ParseUUIDPipe, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { canManageFacility, CurrentPrincipal, Roles, type Principal } from '#auth';
import { FHIR_BASE_PATH, searchset, sendFhir } from '#fhir';
import { DomainError } from '#http';
import { ReferralForbiddenError, ReferralNotFoundError, TaskNotFoundError } from '../../referrals/domain/referral-errors.js';
import { ReferralResponseDto, ReferralTaskResponseDto } from '../../referrals/dtos/referral.response.dto.js';
import { REFERRAL_REPOSITORY, type ReferralRepository } from '../../referrals/database/referral.repository.port.js';
import { ReferralReader } from '../../referrals/referral.reader.js';
import { ReferralConfig } from '../../referral.config.js';
import { toServiceRequest, toTask } from '../referral-fhir.mapper.js';
import { FhirTaskSearchRequestDto } from './fhir-task-search.request.dto.js';

const OWNER_PAGE = 100;

/** Referrals as FHIR R4 ServiceRequest and Task, with the same access rules as the referral API. */
@ApiTags('FHIR')
@ApiBearerAuth()
@Controller('fhir')
export class ReadFhirReferralsHttpController {
  /** The FHIR base clients follow links to: configured (PUBLIC_BASE_URL), never the request's forgeable Host header. */
  private readonly baseUrl: string;

  constructor(
    @Inject(REFERRAL_REPOSITORY) private readonly referrals: ReferralRepository,
    private readonly reader: ReferralReader,
    config: ReferralConfig,
  ) {
    this.baseUrl = `${config.PUBLIC_BASE_URL}${FHIR_BASE_PATH}`;
  }

  @Roles('planner', 'facility-staff', 'admin')
  @Get('ServiceRequest/:id')
  @ApiOperation({ summary: 'A referral as a ServiceRequest: level of care, needs, coverage; the patient only as gender, age and ZIP code' })
  @ApiOkResponse({ description: 'ServiceRequest (application/fhir+json)' })
  async readServiceRequest(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() principal: Principal,
    @Res() response: Response,
  ): Promise<void> {
    sendFhir(response, toServiceRequest(await this.visible(id, principal)));
  }

  @Roles('planner', 'facility-staff', 'admin')
  @Get('Task/:id')
  @ApiOperation({ summary: 'The referral as sent to one facility, as a Task (status and statusReason are the facility’s answer)' })
  @ApiOkResponse({ description: 'Task (application/fhir+json)' })
  async readTask(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() principal: Principal,
    @Res() response: Response,
  ): Promise<void> {
    // Named by the task only: someone not allowed to see the referral does not learn its id.
    const referralId = await this.referrals.referralIdOfTask(id);
    const referral = referralId ? await this.visibleOrNull(referralId, principal) : null;
    const task = referral?.tasks.find((candidate) => candidate.id === id);
    if (!referral || !task) throw new TaskNotFoundError(id);
    sendFhir(response, toTask(referral.id, task));
  }

  @Roles('planner', 'facility-staff', 'admin')
  @Get('Task')
  @ApiOperation({ summary: 'Search Task by based-on or focus (ServiceRequest/{id}), owner (Organization/{id}) and status' })
  @ApiOkResponse({ description: 'searchset Bundle (application/fhir+json)' })
  async searchTasks(
    @Query() query: FhirTaskSearchRequestDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const serviceRequest = query['based-on'] ?? query.focus;
    const owner = query.owner?.replace(/^Organization\//, '');
    if (!serviceRequest && !owner)
      throw new DomainError('invalid', 'name the referral (based-on or focus) or the facility (owner): tasks are not listed wholesale');
    const self = `${this.baseUrl}/Task`;
    const parameters = new URLSearchParams(request.query as Record<string, string>);
    if (serviceRequest) {
      const referral = await this.visible(serviceRequest.replace(/^ServiceRequest\//, ''), principal);
      const resources = referral.tasks
        .filter((task) => (!owner || task.facilityId === owner) && (!query.status || task.status === query.status))
        .map((task) => toTask(referral.id, task));
      sendFhir(response, searchset(self, resources, resources.length, { count: Math.max(1, resources.length), offset: 0 }, parameters));
      return;
    }
    if (!canManageFacility(principal, owner!)) throw new ReferralForbiddenError(`you do not act for facility ${owner}`);
    // The facility's newest tasks, filtered by status in the database like the inbox API (Task search has no paging yet).
    const { items } = await this.referrals.inbox(owner!, query.status ? [query.status] : undefined, 1, OWNER_PAGE);
    const resources = items.map((task) => toTask(task.referralId, ReferralTaskResponseDto.from(task)));
    sendFhir(response, searchset(self, resources, resources.length, { count: Math.max(1, resources.length), offset: 0 }, parameters));
  }

  /** Read through the same access rule as the referral API; staff see only their own facility's tasks. */
  private async visibleOrNull(referralId: string, principal: Principal): Promise<ReferralResponseDto | null> {
    const referral = await this.reader.findVisible(principal, referralId);
    // FHIR carries no warnings, so the planner's follow-up query is not needed here.
    return referral ? ReferralResponseDto.from(this.reader.viewFor(principal, referral)) : null;
  }

  private async visible(referralId: string, principal: Principal): Promise<ReferralResponseDto> {
    const referral = await this.visibleOrNull(referralId, principal);
    if (!referral) throw new ReferralNotFoundError(referralId);
    return referral;
  }
}
