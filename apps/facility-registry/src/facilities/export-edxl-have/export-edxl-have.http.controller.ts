import { Controller, Get, Inject, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '#auth';
import { DomainError } from '#http';
import { FACILITY_REPOSITORY, type FacilityRepository } from '../database/facility.repository.port.js';
import { FacilityNotFoundError } from '../domain/facility-errors.js';
import { FacilityResponseDto } from '../dtos/facility.response.dto.js';
import { FacilityClock } from '../facility-clock.js';
import { SearchFacilitiesRequestDto } from '../search-facilities/search-facilities.request.dto.js';
import { edxlHaveDocument } from './edxl-have.document.js';

const EDXL_HAVE_XML = 'application/xml; charset=utf-8';
const DOCUMENT = { type: 'string', description: 'OASIS EDXL-HAVE 1.0 HospitalStatus document' } as const;

/**
 * Bed availability for emergency-management systems, as OASIS EDXL-HAVE 1.0; public like the directory.
 * Registered before GetFacilityHttpController: Nest matches routes in registration order, and its
 * `facilities/:facilityId` would otherwise take `edxl-have` for an id (and answer 400).
 */
@ApiTags('facilities')
@Public()
@Controller('facilities')
export class ExportEdxlHaveHttpController {
  constructor(
    @Inject(FACILITY_REPOSITORY) private readonly facilities: FacilityRepository,
    private readonly clock: FacilityClock,
  ) {}

  @Get('edxl-have')
  @ApiOperation({
    summary: 'Bed availability of a page of the directory (filters as in the facility search) as an EDXL-HAVE 1.0 HospitalStatus document',
  })
  @ApiProduces('application/xml')
  @ApiOkResponse({
    description: 'One Hospital per facility of the page, one BedCapacity per residential bed line',
    schema: DOCUMENT,
    headers: { 'X-Total-Count': { description: 'Facilities matching the filters, over all pages', schema: { type: 'integer' } } },
  })
  @ApiNotFoundResponse({ description: 'No facility on this page: an EDXL-HAVE document holds at least one Hospital' })
  async exportPage(@Query() query: SearchFacilitiesRequestDto, @Res() response: Response): Promise<void> {
    const { items, total } = await this.facilities.search(query);
    const clock = this.clock.current();
    const [first, ...rest] = items.map((facility) => FacilityResponseDto.from(facility, clock));
    if (!first) throw new DomainError('not-found', `no facility on this page: ${total} match the filters in all`);
    response.setHeader('X-Total-Count', String(total));
    send(response, edxlHaveDocument([first, ...rest], clock));
  }

  @Get(':facilityId/edxl-have')
  @ApiOperation({ summary: 'Bed availability of one facility as an EDXL-HAVE 1.0 HospitalStatus document' })
  @ApiProduces('application/xml')
  @ApiOkResponse({ description: 'One Hospital, one BedCapacity per residential bed line', schema: DOCUMENT })
  @ApiNotFoundResponse({ description: 'No such facility' })
  async exportFacility(@Param('facilityId', new ParseUUIDPipe()) facilityId: string, @Res() response: Response): Promise<void> {
    const facility = await this.facilities.findWithBeds(facilityId);
    if (!facility) throw new FacilityNotFoundError(facilityId);
    const clock = this.clock.current();
    send(response, edxlHaveDocument([FacilityResponseDto.from(facility, clock)], clock));
  }
}

function send(response: Response, document: string): void {
  response.status(200).setHeader('Content-Type', EDXL_HAVE_XML).send(document);
}
