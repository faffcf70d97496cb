import 'reflect-metadata';
import type { Request, Response } from 'express';
import type { Principal } from '#auth';
import { loadConfig } from '#config';
import type { Bundle } from '#fhir';
import type { ReferralTaskEntity } from '../../referrals/database/referral-task.entity.js';
import type { ReferralRepository } from '../../referrals/database/referral.repository.port.js';
import type { ReferralReader } from '../../referrals/referral.reader.js';
import { ReferralConfig } from '../../referral.config.js';
import { FhirTaskSearchRequestDto } from './fhir-task-search.request.dto.js';
import { ReadFhirReferralsHttpController } from './read-fhir-referrals.http.controller.js';
import { UNIT_KAFKA_SETTINGS } from '../../../../../test/support/unit-config.js';

const FACILITY = '5c1d7e2a-3b4f-4a6c-9d8e-1f2a3b4c5d6e';
const TASK = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const REFERRAL = '0b8e1c2d-3e4f-4a5b-9c6d-7e8f9a0b1c2d';

const task = {
  id: TASK,
  referralId: REFERRAL,
  facilityId: FACILITY,
  facilityName: 'AppleGate Recovery',
  levelOfCare: 'outpatient',
  status: 'requested',
  statusReason: null,
  statusNote: null,
  holdStatus: 'none',
  holdExpiresAt: null,
  holdReason: null,
  escalatedFromTaskId: null,
  createdAt: new Date('2026-03-02T12:00:00.000Z'),
  updatedAt: new Date('2026-03-02T12:00:00.000Z'),
} as unknown as ReferralTaskEntity;

const staff: Principal = { sub: 'staff-1', role: 'facility-staff', facilityIds: [FACILITY], organization: null };

describe('FHIR Task search links', () => {
  it('builds the searchset links and full URLs on PUBLIC_BASE_URL, whatever Host header the request carries', async () => {
    const config = loadConfig(ReferralConfig, { ...UNIT_KAFKA_SETTINGS, PUBLIC_BASE_URL: 'https://referrals.example.org/sud' });
    const referrals = { inbox: async () => ({ items: [task], total: 1 }) } as unknown as ReferralRepository;
    const controller = new ReadFhirReferralsHttpController(referrals, {} as ReferralReader, config);
    let body = '';
    const response = { status: () => response, type: () => response, send: (text: string) => (body = text) };
    const headers: Record<string, string> = { host: 'evil.example', 'x-forwarded-host': 'evil.example' };
    const request = {
      protocol: 'http',
      hostname: 'evil.example',
      query: { owner: `Organization/${FACILITY}` },
      headers,
      get: (name: string) => headers[name.toLowerCase()],
    } as unknown as Request;

    const query = Object.assign(new FhirTaskSearchRequestDto(), { owner: `Organization/${FACILITY}` });
    await controller.searchTasks(query, staff, request, response as unknown as Response);

    const bundle = JSON.parse(body) as Bundle;
    expect(bundle.link!.find((link) => link.relation === 'self')!.url).toMatch(
      /^https:\/\/referrals\.example\.org\/sud\/api\/fhir\/Task\?/,
    );
    expect(bundle.entry![0]!.fullUrl).toBe(`https://referrals.example.org/sud/api/fhir/Task/${TASK}`);
    expect(body).not.toContain('evil.example');
  });

  it.each(['https://referrals.example.org/', 'ftp://referrals.example.org', 'referrals.example.org', 'https://x.example/?a=1'])(
    'refuses PUBLIC_BASE_URL=%s',
    (url) => {
      expect(() => loadConfig(ReferralConfig, { ...UNIT_KAFKA_SETTINGS, PUBLIC_BASE_URL: url })).toThrow(/PUBLIC_BASE_URL must be/);
    },
  );
});
