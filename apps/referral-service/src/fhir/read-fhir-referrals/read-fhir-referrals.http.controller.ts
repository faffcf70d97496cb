import { BadRequestException, Controller, ForbiddenException, Get, Inject, Param, ParseUUIDPipe, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { canManageFacility, CurrentPrincipal, Roles, type Principal } from '#auth';
import { fhirBaseUrl, searchset, sendFhir } from '#fhir';
import { canSeeReferral } from '../../referrals/referral-access.js';
import { ReferralNotFoundError } from '../../referrals/referral-errors.js';
import { ReferralTaskResponseDto, type ReferralResponseDto } from '../../referrals/referral.response.dto.js';
import { REFERRAL_REPOSITORY, type ReferralRepository } from '../../referrals/referral.repository.port.js';
import { ReferralReader } from '../../referrals/referral.reader.js';
import { toServiceRequest, toTask } from '../referral-fhir.mapper.js';
import { ReferralFhirErrorFilter } from '../referral-fhir-error.filter.js';
import { FhirTaskSearchRequestDto } from './fhir-task-search.request.dto.js';

const OWNER_PAGE = 100;

/** Referrals as FHIR R4 ServiceRequest and Task, with the same access rules as the referral API. */
@ApiTags('FHIR')
@ApiBearerAuth()
@Controller('fhir')
@UseFilters(ReferralFhirErrorFilter)
export class ReadFhirReferralsHttpController {
  constructor(
    @Inject(REFERRAL_REPOSITORY) private readonly referrals: ReferralRepository,
    private readonly reader: ReferralReader,
  ) {}

  @Roles('planner', 'facility-staff', 'admin')
  @Get('ServiceRequest/:id')
  @ApiOperation({ summary: 'A referral as a ServiceRequest: level of care, needs, coverage; the patient only as gender, age and ZIP code' })
  @ApiOkResponse({ description: 'ServiceRequest (application/fhir+json)' })
  async readServiceRequest(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() principal: Principal, @Res() response: Response): Promise<void> {
    sendFhir(response, toServiceRequest(await this.visible(id, principal)));
  }

  @Roles('planner', 'facility-staff', 'admin')
  @Get('Task/:id')
  @ApiOperation({ summary: 'The referral as sent to one facility, as a Task (status and statusReason are the facility’s answer)' })
  @ApiOkResponse({ description: 'Task (application/fhir+json)' })
  async readTask(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() principal: Principal, @Res() response: Response): Promise<void> {
    const referralId = await this.referrals.referralIdOfTask(id);
    if (!referralId) throw new ReferralNotFoundError(id);
    // Named by the task only: someone not allowed to see the referral does not learn its id.
    const referral = await this.visible(referralId, principal).catch((error: unknown) => {
      throw error instanceof ReferralNotFoundError ? new ReferralNotFoundError(id) : error;
    });
    const task = referral.tasks.find((candidate) => candidate.id === id);
    if (!task) throw new ReferralNotFoundError(id);
    sendFhir(response, toTask(referral.id, task));
  }

  @Roles('planner', 'facility-staff', 'admin')
  @Get('Task')
  @ApiOperation({ summary: 'Search Task by based-on or focus (ServiceRequest/{id}), owner (Organization/{id}) and status' })
  @ApiOkResponse({ description: 'searchset Bundle (application/fhir+json)' })
  async searchTasks(@Query() query: FhirTaskSearchRequestDto, @CurrentPrincipal() principal: Principal, @Req() request: Request, @Res() response: Response): Promise<void> {
    const serviceRequest = query['based-on'] ?? query.focus;
    const owner = query.owner?.replace(/^Organization\//, '');
    if (!serviceRequest && !owner) throw new BadRequestException('name the referral (based-on or focus) or the facility (owner): tasks are not listed wholesale');
    let tasks: { referralId: string; task: ReferralTaskResponseDto }[] = [];
    if (serviceRequest) {
      const referral = await this.visible(serviceRequest.replace(/^ServiceRequest\//, ''), principal);
      tasks = referral.tasks.map((task) => ({ referralId: referral.id, task }));
    } else if (owner) {
      if (!canManageFacility(principal, owner)) throw new ForbiddenException(`you do not act for facility ${owner}`);
      const { items } = await this.referrals.inbox(owner, undefined, 1, OWNER_PAGE);
      tasks = items.map((task) => ({ referralId: task.referralId, task: ReferralTaskResponseDto.from(task) }));
    }
    const selected = tasks.filter(({ task }) => (!owner || task.facilityId === owner) && (!query.status || task.status === query.status));
    const resources = selected.map(({ referralId, task }) => toTask(referralId, task));
    sendFhir(response, searchset(`${fhirBaseUrl(request)}/Task`, resources, resources.length, { count: Math.max(1, resources.length), offset: 0 }, new URLSearchParams(request.query as Record<string, string>)));
  }

  private async visible(referralId: string, principal: Principal): Promise<ReferralResponseDto> {
    const referral = await this.referrals.findWithMatches(referralId);
    if (!referral || !canSeeReferral(principal, referral)) throw new ReferralNotFoundError(referralId);
    return this.reader.presentFor(principal, referral);
  }
}
