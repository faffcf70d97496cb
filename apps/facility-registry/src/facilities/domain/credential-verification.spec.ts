import type { CredentialValue } from '#contracts';
import {
  carryVerification,
  newCredentials,
  reviewCredential,
  toStoredCredential,
  type StoredCredential,
} from './credential-verification.js';

const licence: CredentialValue = {
  type: 'state-licence',
  status: 'active',
  expiresOn: '2027-06-30',
  identifier: 'KY-1',
  issuer: 'KY CHFS',
};
const carf: CredentialValue = { type: 'carf', status: 'active', expiresOn: null, identifier: null, issuer: null };
const review = { reviewedBy: 'admin-1', reviewedAt: '2026-12-01T10:00:00.000Z', note: 'called the board' };

const verifiedLicence: StoredCredential = {
  ...toStoredCredential(licence),
  verification: 'verified',
  reviewedBy: 'admin-1',
  reviewedAt: '2026-11-01T10:00:00.000Z',
  reviewNote: null,
};

describe('carryVerification (staff replace the list)', () => {
  it('keeps the verification and review of a credential left exactly as it was', () => {
    const listed = newCredentials([carf], 'directory-listed');
    expect(carryVerification([verifiedLicence, ...listed], [licence, carf])).toEqual([verifiedLicence, ...listed]);
  });

  it.each<[string, Partial<CredentialValue>]>([
    ['status', { status: 'suspended' }],
    ['number', { identifier: 'KY-2' }],
    ['expiry', { expiresOn: '2028-06-30' }],
    ['issuer', { issuer: 'Another agency' }],
  ])('makes a credential whose %s staff changed unverified again, without the old review', (_, change) => {
    const [changed] = carryVerification([verifiedLicence], [{ ...licence, ...change }]);
    expect(changed).toMatchObject({ ...change, verification: 'unverified', reviewedBy: null, reviewedAt: null, reviewNote: null });
  });

  it('makes a credential staff added unverified, and a directory-listed one they changed too', () => {
    const listed = newCredentials([carf], 'directory-listed');
    const next = carryVerification(listed, [{ ...carf, expiresOn: '2027-01-31' }, licence]);
    expect(next.map((credential) => credential.verification)).toEqual(['unverified', 'unverified']);
  });
});

describe('reviewCredential (an admin)', () => {
  const held = [toStoredCredential(licence), ...newCredentials([carf], 'directory-listed')];

  it('verifies a credential, recording who, when and the note', () => {
    const result = reviewCredential(held, { type: 'state-licence' }, { outcome: 'verified', ...review });
    expect(result.ok && result.reviewed).toEqual({
      ...toStoredCredential(licence),
      verification: 'verified',
      reviewedBy: 'admin-1',
      reviewedAt: review.reviewedAt,
      reviewNote: 'called the board',
    });
    expect(result.ok && result.credentials[1]).toEqual(held[1]);
  });

  it('rejects a credential, even a directory-listed one: it becomes unverified, with the review kept', () => {
    const result = reviewCredential(held, { type: 'carf' }, { outcome: 'rejected', ...review });
    expect(result.ok && result.reviewed).toMatchObject({
      verification: 'unverified',
      reviewedBy: 'admin-1',
      reviewNote: 'called the board',
    });
  });

  it('finds nothing for a type the facility does not hold, and needs the number when it holds two of the type', () => {
    expect(reviewCredential(held, { type: 'coa' }, { outcome: 'verified', ...review })).toEqual({ ok: false, problem: 'not-found' });
    const two = [...held, toStoredCredential({ ...licence, identifier: 'IN-7' })];
    expect(reviewCredential(two, { type: 'state-licence' }, { outcome: 'verified', ...review })).toEqual({
      ok: false,
      problem: 'ambiguous',
    });
    const named = reviewCredential(two, { type: 'state-licence', identifier: 'IN-7' }, { outcome: 'verified', ...review });
    expect(named.ok && named.credentials.map((credential) => credential.verification)).toEqual([
      'unverified',
      'directory-listed',
      'verified',
    ]);
  });
});
