import { ROLES, TOKEN_AUDIENCES } from '#auth';
import { audienceOf } from './token-audience.js';

describe('the audience of an access token', () => {
  it('keeps a facility system’s token to the registry (and identity, which the registry asks about the account)', () => {
    expect(audienceOf('system')).toEqual(['identity', 'facility-registry']);
    expect(audienceOf('system')).not.toContain('referral-service');
  });

  it.each(['planner', 'facility-staff', 'admin'] as const)('lets a %s’s token reach every service people use', (role) => {
    expect(audienceOf(role).sort()).toEqual([...TOKEN_AUDIENCES].sort());
  });

  it('names identity for every role, and only services that check tokens', () => {
    for (const role of ROLES) {
      expect(audienceOf(role)).toContain('identity');
      for (const audience of audienceOf(role)) expect(TOKEN_AUDIENCES).toContain(audience);
    }
  });

  it('hands out a copy: a caller cannot widen the next token', () => {
    audienceOf('system').push('referral-service');
    expect(audienceOf('system')).toEqual(['identity', 'facility-registry']);
  });
});
