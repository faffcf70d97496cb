import { Controller, Get, Inject, Param, ParseUUIDPipe, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '#auth';
import { LEVELS_OF_CARE, type LevelOfCare } from '#contracts';
import { FacilityClock } from '../../facilities/facility-clock.js';
import { FacilityNotFoundError, InvalidFacilityUpdateError } from '../../facilities/domain/facility-errors.js';
import { FacilityResponseDto } from '../../facilities/dtos/facility.response.dto.js';
import { FACILITY_REPOSITORY, type FacilityRepository } from '../../facilities/database/facility.repository.port.js';
import { toHealthcareService, toLocation, toOrganization } from '../facility-fhir.mapper.js';
import { searchset, type Resource } from '#fhir';
import { CODE_SYSTEM, FHIR_BASE_PATH, sendFhir } from '#fhir';
import { RegistryConfig } from '../../registry.config.js';
import { capabilityStatement } from './capability-statement.js';
import { FhirDirectorySearchRequestDto } from './fhir-directory-search.request.dto.js';

const MAPPERS = { HealthcareService: toHealthcareService, Location: toLocation, Organization: toOrganization } as const;
type DirectoryResource = keyof typeof MAPPERS;

/** `service-type` is a token: a bare code, or system|code with our level-of-care system. */
function levelOfService(token: string | undefined): LevelOfCare | undefined {
  if (token === undefined) return undefined;
  const [system, code] = token.includes('|') ? token.split('|', 2) : [undefined, token];
  if ((system && system !== CODE_SYSTEM.levelOfCare) || !LEVELS_OF_CARE.includes(code as LevelOfCare)) {
    throw new InvalidFacilityUpdateError(
      'service-type',
      `must be one of ${LEVELS_OF_CARE.join(', ')}, optionally as ${CODE_SYSTEM.levelOfCare}|code`,
    );
  }
  return code as LevelOfCare;
}

/** The directory as FHIR R4: read and search HealthcareService, Location and Organization (public, like the directory). */
@ApiTags('FHIR')
@Public()
@Controller('fhir')
export class ReadFhirDirectoryHttpController {
  /** The FHIR base clients follow links to: configured (PUBLIC_BASE_URL), never the request's forgeable Host header. */
  private readonly baseUrl: string;

  constructor(
    @Inject(FACILITY_REPOSITORY) private readonly facilities: FacilityRepository,
    private readonly clock: FacilityClock,
    config: RegistryConfig,
  ) {
    this.baseUrl = `${config.PUBLIC_BASE_URL}${FHIR_BASE_PATH}`;
  }

  @Get('metadata')
  @ApiOperation({ summary: 'FHIR CapabilityStatement: the resources, interactions and search parameters served' })
  @ApiOkResponse({ description: 'CapabilityStatement (application/fhir+json)' })
  metadata(@Res() response: Response): void {
    sendFhir(response, capabilityStatement(this.baseUrl));
  }

  @Get('HealthcareService')
  @ApiOperation({
    summary:
      'Search HealthcareService: _id, name, service-type (level of care), address-state, address-postalcode, ' +
      'address-city, active, _count, _offset',
  })
  @ApiOkResponse({ description: 'searchset Bundle (application/fhir+json)' })
  searchServices(@Query() query: FhirDirectorySearchRequestDto, @Req() request: Request, @Res() response: Response): Promise<void> {
    return this.search('HealthcareService', query, request, response);
  }

  @Get('HealthcareService/:id')
  @ApiOperation({ summary: 'Read a HealthcareService: levels of care, populations, payers and accreditation as coded characteristics' })
  @ApiOkResponse({ description: 'HealthcareService (application/fhir+json)' })
  readService(@Param('id', new ParseUUIDPipe()) id: string, @Res() response: Response): Promise<void> {
    return this.read('HealthcareService', id, response);
  }

  @Get('Location')
  @ApiOperation({ summary: 'Search Location: _id, name, address-state, address-postalcode, address-city, active, _count, _offset' })
  @ApiOkResponse({ description: 'searchset Bundle (application/fhir+json)' })
  searchLocations(@Query() query: FhirDirectorySearchRequestDto, @Req() request: Request, @Res() response: Response): Promise<void> {
    return this.search('Location', query, request, response);
  }

  @Get('Location/:id')
  @ApiOperation({ summary: 'Read a Location, with its bed availability in the bed-availability extension' })
  @ApiOkResponse({ description: 'Location (application/fhir+json)' })
  readLocation(@Param('id', new ParseUUIDPipe()) id: string, @Res() response: Response): Promise<void> {
    return this.read('Location', id, response);
  }

  @Get('Organization')
  @ApiOperation({ summary: 'Search Organization: _id, name, address-state, address-postalcode, address-city, active, _count, _offset' })
  @ApiOkResponse({ description: 'searchset Bundle (application/fhir+json)' })
  searchOrganizations(@Query() query: FhirDirectorySearchRequestDto, @Req() request: Request, @Res() response: Response): Promise<void> {
    return this.search('Organization', query, request, response);
  }

  @Get('Organization/:id')
  @ApiOperation({ summary: 'Read an Organization' })
  @ApiOkResponse({ description: 'Organization (application/fhir+json)' })
  readOrganization(@Param('id', new ParseUUIDPipe()) id: string, @Res() response: Response): Promise<void> {
    return this.read('Organization', id, response);
  }

  private async read(type: DirectoryResource, id: string, response: Response): Promise<void> {
    const facility = await this.facilities.findWithBeds(id);
    if (!facility) throw new FacilityNotFoundError(id);
    sendFhir(response, MAPPERS[type](FacilityResponseDto.from(facility, this.clock.current())));
  }

  private async search(type: DirectoryResource, query: FhirDirectorySearchRequestDto, request: Request, response: Response): Promise<void> {
    if (type !== 'HealthcareService' && query['service-type'] !== undefined) {
      throw new InvalidFacilityUpdateError('service-type', `is a HealthcareService search parameter, not a ${type} one`);
    }
    const { items, total } = await this.facilities.search({
      ids: query._id?.split(','),
      name: query.name,
      state: query['address-state']?.toUpperCase(),
      zip: query['address-postalcode'],
      city: query['address-city'],
      levelOfCare: levelOfService(query['service-type']),
      active: query.active === undefined ? undefined : query.active === 'true',
      page: 1,
      pageSize: query._count,
      offset: query._offset,
    });
    const clock = this.clock.current();
    const resources: Resource[] = items.map((facility) => MAPPERS[type](FacilityResponseDto.from(facility, clock)));
    const params = new URLSearchParams(request.query as Record<string, string>);
    sendFhir(response, searchset(`${this.baseUrl}/${type}`, resources, total, { count: query._count, offset: query._offset }, params));
  }
}
