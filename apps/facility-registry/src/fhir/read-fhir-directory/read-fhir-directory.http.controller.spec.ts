import 'reflect-metadata';
import type { Request, Response } from 'express';
import { loadConfig } from '#config';
import type { Bundle, Resource } from '#fhir';
import { FacilityClock } from '../../facilities/facility-clock.js';
import type { FacilityEntity } from '../../facilities/database/facility.entity.js';
import type { FacilityRepository } from '../../facilities/database/facility.repository.port.js';
import { RegistryConfig } from '../../registry.config.js';
import { FhirDirectorySearchRequestDto } from './fhir-directory-search.request.dto.js';
import { ReadFhirDirectoryHttpController } from './read-fhir-directory.http.controller.js';
import { UNIT_KAFKA_SETTINGS } from '../../../../../test/support/unit-config.js';

const FACILITY_ID = '0f3c2a1e-5b7d-4c9a-8e21-6d4f0b9a7c35';

const facility = {
  id: FACILITY_ID,
  sourceRef: null,
  name: 'AppleGate Recovery',
  street: '101 W Main St',
  city: 'Louisville',
  state: 'KY',
  zip: '40202',
  phone: '502-555-0100',
  latitude: 38.2527,
  longitude: -85.7585,
  active: true,
  programs: [{ levelOfCare: 'outpatient' }],
  levelsOfCare: ['outpatient'],
  medications: [],
  continuesExternalMedication: null,
  therapies: [],
  populations: [],
  gendersAccepted: [],
  ageGroupsAccepted: [],
  languages: ['english'],
  payers: ['self-pay'],
  privateInsurancePlans: [],
  upfrontPaymentRequired: null,
  credentials: [],
  beds: [],
  updatedAt: new Date('2026-03-02T12:00:00.000Z'),
} as unknown as FacilityEntity;

/** What the controller sent: the FHIR JSON it wrote. */
function recordingResponse(): { response: Response; sent: () => Resource } {
  let body = '';
  const response = {
    status: () => response,
    type: () => response,
    send: (text: string) => {
      body = text;
      return response;
    },
  };
  return { response: response as unknown as Response, sent: () => JSON.parse(body) as Resource };
}

/** A request whose Host (and forwarded host and protocol) a client forged. */
function forgedRequest(query: Record<string, string>): Request {
  const headers: Record<string, string> = { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'http' };
  return {
    protocol: 'http',
    hostname: 'evil.example',
    query,
    headers,
    get: (name: string) => headers[name.toLowerCase()],
  } as unknown as Request;
}

describe('FHIR directory links', () => {
  const config = loadConfig(RegistryConfig, { ...UNIT_KAFKA_SETTINGS, PUBLIC_BASE_URL: 'https://referrals.example.org' });
  const facilities = {
    search: async () => ({ items: [facility], total: 3 }),
    findWithBeds: async () => facility,
  } as unknown as FacilityRepository;
  const controller = new ReadFhirDirectoryHttpController(facilities, new FacilityClock(config), config);

  it('builds the searchset links and full URLs on PUBLIC_BASE_URL, whatever Host header the request carries', async () => {
    const { response, sent } = recordingResponse();
    const query = Object.assign(new FhirDirectorySearchRequestDto(), { 'address-state': 'KY', _count: 1, _offset: 1 });
    await controller.searchLocations(query, forgedRequest({ 'address-state': 'KY', _count: '1', _offset: '1' }), response);
    const bundle = sent() as Bundle;
    const urls = [...bundle.link!.map((link) => link.url), ...bundle.entry!.map((entry) => entry.fullUrl)];
    expect(bundle.link!.map((link) => link.relation).sort()).toEqual(['next', 'previous', 'self']);
    expect(bundle.link!.find((link) => link.relation === 'next')!.url).toBe(
      'https://referrals.example.org/api/fhir/Location?address-state=KY&_count=1&_offset=2',
    );
    expect(bundle.entry![0]!.fullUrl).toBe(`https://referrals.example.org/api/fhir/Location/${FACILITY_ID}`);
    for (const url of urls) expect(url).not.toContain('evil.example');
  });

  it('names the configured base in the CapabilityStatement', () => {
    const { response, sent } = recordingResponse();
    controller.metadata(response);
    expect(sent()).toMatchObject({ implementation: { url: 'https://referrals.example.org/api/fhir' } });
  });

  it('defaults to the gateway on this machine', () => {
    expect(loadConfig(RegistryConfig, UNIT_KAFKA_SETTINGS).PUBLIC_BASE_URL).toBe('http://127.0.0.1:3000');
  });
});
