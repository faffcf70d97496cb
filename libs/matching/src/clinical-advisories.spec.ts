import { clinicalAdvisories, type AdvisedReferral } from './clinical-advisories.js';

const referral = (levelOfCare: AdvisedReferral['levelOfCare'], needs: Partial<AdvisedReferral['needs']> = {}): AdvisedReferral => ({
  levelOfCare,
  needs: { pregnant: false, substances: ['opioids'], startMedication: null, ...needs },
});

const codes = (advised: AdvisedReferral): string[] => clinicalAdvisories(advised).map((advisory) => advisory.code);

describe('clinicalAdvisories', () => {
  it('warns that MOUD is preferred to withdrawal for a pregnant patient referred to opioid withdrawal management', () => {
    for (const level of ['detox-hospital', 'detox-residential', 'detox-outpatient'] as const) {
      const [advisory] = clinicalAdvisories(referral(level, { pregnant: true }));
      expect(advisory!.code).toBe('moud-in-pregnancy');
      expect(advisory!.text).toMatch(/^MOUD \(methadone or buprenorphine\) is recommended over opioid withdrawal in pregnancy/);
      expect(advisory!.text).toContain('ACOG Committee Opinion 711');
    }
  });

  it('does not warn about pregnancy outside detox, without opioids, or when the patient is not pregnant', () => {
    expect(codes(referral('residential-short-term', { pregnant: true }))).toEqual([]);
    expect(codes(referral('detox-residential', { pregnant: true, substances: ['alcohol'] }))).toEqual([]);
    expect(codes(referral('detox-residential'))).toEqual([]);
  });

  it('warns that naltrexone starts only after withdrawal, for any naltrexone form on a detox referral', () => {
    for (const startMedication of ['naltrexone', 'naltrexone-oral', 'naltrexone-extended-release'] as const) {
      const [advisory] = clinicalAdvisories(referral('detox-outpatient', { startMedication }));
      expect(advisory).toEqual({
        code: 'naltrexone-after-withdrawal',
        text: 'Naltrexone can start only once opioid withdrawal is complete (7–10 days without opioids): plan it at discharge',
      });
    }
    // For alcohol too, as naltrexone blocks opioids: the planner is told to check for recent opioid use.
    expect(clinicalAdvisories(referral('detox-residential', { substances: ['alcohol'], startMedication: 'naltrexone' }))).toEqual([
      {
        code: 'naltrexone-after-withdrawal',
        text: 'Naltrexone needs the patient opioid-free for 7–10 days: confirm no recent opioid use before the first dose',
      },
    ]);
    expect(codes(referral('outpatient', { startMedication: 'naltrexone' }))).toEqual([]);
    expect(codes(referral('detox-outpatient', { startMedication: 'buprenorphine' }))).toEqual([]);
  });

  it('gives both, in order, when both apply', () => {
    expect(codes(referral('detox-hospital', { pregnant: true, startMedication: 'naltrexone-extended-release' }))).toEqual([
      'moud-in-pregnancy',
      'naltrexone-after-withdrawal',
    ]);
  });
});
