import { decideOpenTasks, openTaskScopeOf, type OpenTaskScope } from './open-task-caps.js';

const CAPS = { perReferral: 5, perOrganization: 200 };
const ORGANIZATION: OpenTaskScope = { organization: 'St Elsewhere' };

describe('open task caps', () => {
  it('lets a send through while the referral and its organisation stay within their caps', () => {
    expect(decideOpenTasks({ adding: 3, openOnReferral: 2, openInScope: 50, scope: ORGANIZATION }, CAPS)).toEqual({
      mayAdd: 3,
      refusal: null,
    });
    expect(decideOpenTasks({ adding: 5, openOnReferral: 0, openInScope: 195, scope: ORGANIZATION }, CAPS).refusal).toBeNull();
  });

  it('refuses a referral that already holds as many beds as it may, in plain words', () => {
    expect(decideOpenTasks({ adding: 1, openOnReferral: 5, openInScope: 5, scope: ORGANIZATION }, CAPS)).toEqual({
      mayAdd: 0,
      refusal: 'this referral already has 5 facilities holding a bed; wait for answers or cancel one',
    });
  });

  it('refuses a send that would take the referral past its cap, saying how many more fit', () => {
    const decision = decideOpenTasks({ adding: 3, openOnReferral: 3, openInScope: 3, scope: ORGANIZATION }, CAPS);
    expect(decision.mayAdd).toBe(2);
    expect(decision.refusal).toBe(
      'this referral already has 3 facilities holding a bed and may have at most 5; ' +
        'send to at most 2 more, or wait for answers or cancel one',
    );
    expect(decideOpenTasks({ adding: 5, openOnReferral: 1, openInScope: 1, scope: ORGANIZATION }, CAPS).refusal).toMatch(
      /^this referral already has 1 facility holding a bed/,
    );
  });

  it('refuses a send that would take the organisation past its cap, though the referral has room', () => {
    const full = decideOpenTasks({ adding: 1, openOnReferral: 0, openInScope: 200, scope: ORGANIZATION }, CAPS);
    expect(full).toEqual({
      mayAdd: 0,
      refusal:
        'your organisation already has 200 facilities holding a bed across its referrals, the most allowed at once; ' +
        'wait for answers or cancel some',
    });
    const nearly = decideOpenTasks({ adding: 3, openOnReferral: 1, openInScope: 198, scope: ORGANIZATION }, CAPS);
    expect(nearly.mayAdd).toBe(2);
    expect(nearly.refusal).toMatch(/^your organisation already has 198 facilities .* at most 200; send to at most 2 more/);
  });

  it('speaks of the account when the referral has no organisation', () => {
    const decision = decideOpenTasks({ adding: 1, openOnReferral: 0, openInScope: 200, scope: { submittedBy: 'planner-1' } }, CAPS);
    expect(decision.refusal).toMatch(/^your account already has 200 facilities holding a bed/);
  });

  it('counts exactly up to the cap, never past it', () => {
    for (let openInScope = 0; openInScope <= 10; openInScope++) {
      for (let adding = 1; adding <= 5; adding++) {
        const decision = decideOpenTasks(
          { adding, openOnReferral: 0, openInScope, scope: ORGANIZATION },
          { perReferral: 5, perOrganization: 8 },
        );
        expect(decision.refusal === null).toBe(openInScope + adding <= 8);
        expect(decision.mayAdd).toBe(Math.min(5, Math.max(0, 8 - openInScope)));
      }
    }
  });

  it('treats caps lowered below what is already open as full, not negative', () => {
    expect(decideOpenTasks({ adding: 1, openOnReferral: 7, openInScope: 300, scope: ORGANIZATION }, CAPS)).toMatchObject({
      mayAdd: 0,
      refusal: 'this referral already has 7 facilities holding a bed; wait for answers or cancel one',
    });
  });

  it('applies only the referral cap to a referral from before accounts existed', () => {
    expect(decideOpenTasks({ adding: 5, openOnReferral: 0, openInScope: null, scope: null }, CAPS)).toEqual({ mayAdd: 5, refusal: null });
  });

  it('counts against the organisation, else the submitting account, else nothing', () => {
    expect(openTaskScopeOf({ organization: 'St Elsewhere', submittedBy: 'planner-1' })).toEqual({ organization: 'St Elsewhere' });
    expect(openTaskScopeOf({ organization: null, submittedBy: 'planner-1' })).toEqual({ submittedBy: 'planner-1' });
    expect(openTaskScopeOf({ organization: null, submittedBy: null })).toBeNull();
  });
});
