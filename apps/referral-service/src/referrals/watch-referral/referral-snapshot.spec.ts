import type { Principal } from '#auth';
import type { ReferralRepository } from '../database/referral.repository.port.js';
import { ReferralReader } from '../referral.reader.js';
import { ReferralSnapshot } from './referral-snapshot.js';
import { watchedReferral, watchedTask } from './watched-referral.test-factory.js';

const FACILITY_A = 'facility-a';
const FACILITY_B = 'facility-b';
const referral = watchedReferral([watchedTask('t-a', FACILITY_A), watchedTask('t-b', FACILITY_B)]);

const planner: Principal = { sub: 'planner-1', role: 'planner', facilityIds: [], organization: 'St Elsewhere' };
const colleague: Principal = { sub: 'planner-2', role: 'planner', facilityIds: [], organization: 'St Elsewhere' };
const admin: Principal = { sub: 'admin-1', role: 'admin', facilityIds: [], organization: null };
const staffOfA: Principal = { sub: 'staff-a', role: 'facility-staff', facilityIds: [FACILITY_A], organization: null };

describe('ReferralSnapshot', () => {
  let followUpReads: number;
  let reader: ReferralReader;

  beforeEach(() => {
    followUpReads = 0;
    const referrals = {
      followUpTaskStatuses: async () => {
        followUpReads += 1;
        return [];
      },
    } as unknown as ReferralRepository;
    reader = new ReferralReader(referrals);
  });

  it('presents the referral to each principal as the reader does', async () => {
    const snapshot = new ReferralSnapshot(referral, reader);
    for (const principal of [planner, admin, staffOfA]) {
      expect(JSON.parse(await snapshot.jsonFor(principal))).toEqual(
        JSON.parse(JSON.stringify(await reader.presentFor(principal, referral))),
      );
    }
    const staffView = JSON.parse(await snapshot.jsonFor(staffOfA)) as { tasks: { facilityId: string }[] };
    expect(staffView.tasks.map((shown) => shown.facilityId)).toEqual([FACILITY_A]);
  });

  it('reads the follow-up tasks for the whole referral once, however many planners and admins watch it', async () => {
    const snapshot = new ReferralSnapshot(referral, reader);
    await Promise.all([planner, colleague, admin, staffOfA].map((principal) => snapshot.jsonFor(principal)));
    expect(followUpReads).toBe(1);
  });
});
