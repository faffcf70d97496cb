import { referralWarnings, type ReferralRequestView } from './referral-warnings.js';

const detoxAdmitted = { levelOfCare: 'detox-residential' as const, status: 'in-progress' as const, facilityId: 'a' };

describe('referralWarnings', () => {
  it('warns when a detox admission has no next-level referral under way, naming the next steps', () => {
    const [warning] = referralWarnings([detoxAdmitted], ['a'], []);
    expect(warning?.code).toBe('no-next-level');
    expect(warning?.text).toMatch(/highest risk of overdose/);
    expect(warning?.text).toMatch(/short-term residential/i);
  });

  it('stays quiet once a follow-up referral is awaiting an answer or placed', () => {
    expect(referralWarnings([detoxAdmitted], ['a'], ['requested'])).toEqual([]);
    expect(referralWarnings([detoxAdmitted], ['a'], ['rejected', 'accepted'])).toEqual([]);
  });

  it('still warns when every follow-up was declined or cancelled', () => {
    expect(referralWarnings([detoxAdmitted], ['a'], ['rejected', 'cancelled']).map((w) => w.code)).toEqual(['no-next-level']);
  });

  it('does not warn for admissions that are not detox, or detox not yet admitted', () => {
    expect(referralWarnings([{ ...detoxAdmitted, levelOfCare: 'residential-short-term' }], ['a'], [])).toEqual([]);
    expect(referralWarnings([{ ...detoxAdmitted, status: 'accepted' }], ['a'], [])).toEqual([]);
  });

  it('says so when nobody answered and every match has been tried', () => {
    const tasks = [
      { levelOfCare: 'outpatient' as const, status: 'failed' as const, facilityId: 'a' },
      { levelOfCare: 'outpatient' as const, status: 'cancelled' as const, facilityId: 'b' },
    ];
    expect(referralWarnings(tasks, ['a', 'b'], []).map((w) => w.code)).toEqual(['no-answer-no-other-match']);
    expect(referralWarnings(tasks, ['a', 'b', 'c'], [])).toEqual([]);
  });
});

describe('clinical advisories among the warnings', () => {
  const needs: ReferralRequestView['needs'] = { pregnant: true, substances: ['opioids'] };
  const pregnantOpioidDetox: ReferralRequestView = { levelOfCare: 'detox-residential', needs };

  it('warns that MOUD is preferred to opioid withdrawal in pregnancy, before anything is sent', () => {
    const [warning, ...rest] = referralWarnings([], [], [], pregnantOpioidDetox);
    expect(warning?.code).toBe('moud-in-pregnancy');
    expect(warning?.text).toMatch(/MOUD/);
    expect(rest).toEqual([]);
  });

  it('says naltrexone waits for withdrawal to end when a detox referral asks to start it', () => {
    const codes = referralWarnings([], [], [], {
      levelOfCare: 'detox-outpatient',
      needs: { ...needs, pregnant: false, startMedication: 'naltrexone-extended-release' },
    }).map((w) => w.code);
    expect(codes).toEqual(['naltrexone-after-withdrawal']);
  });

  it('lists the advisories before what the tasks call for', () => {
    expect(referralWarnings([detoxAdmitted], ['a'], [], pregnantOpioidDetox).map((w) => w.code)).toEqual([
      'moud-in-pregnancy',
      'no-next-level',
    ]);
  });

  it('has none for care that is not withdrawal management, or without the request', () => {
    expect(referralWarnings([], [], [], { ...pregnantOpioidDetox, levelOfCare: 'residential-short-term' })).toEqual([]);
    expect(referralWarnings([], [], [])).toEqual([]);
  });
});
