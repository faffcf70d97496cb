import type { CredentialType, CredentialValue, CredentialVerification } from '#contracts';

// Who vouches for a licence or accreditation (CREDENTIAL_VERIFICATIONS): SAMHSA's directory, an admin,
// or only the facility. Matching counts only what someone other than the facility vouches for.

/** A credential as the registry keeps it: what facility.accreditation.v1 carries, and the admin's last review. */
export interface StoredCredential extends CredentialValue {
  readonly verification: CredentialVerification;
  /** The admin who last verified or rejected it; null when none has, or staff changed it since. */
  readonly reviewedBy: string | null;
  /** When (ISO instant). */
  readonly reviewedAt: string | null;
  readonly reviewNote: string | null;
}

/** The fields staff enter; a change to any of them (status, number, expiry, issuer) makes the credential unverified again. */
function sameAsEntered(a: CredentialValue, b: CredentialValue): boolean {
  return (
    a.type === b.type &&
    a.status === b.status &&
    (a.expiresOn ?? null) === (b.expiresOn ?? null) &&
    (a.identifier ?? null) === (b.identifier ?? null) &&
    (a.issuer ?? null) === (b.issuer ?? null)
  );
}

/** A credential read from storage; one stored before verification existed counts as unverified (the migration set every row). */
export function toStoredCredential(credential: CredentialValue & Partial<StoredCredential>): StoredCredential {
  return {
    type: credential.type,
    status: credential.status,
    expiresOn: credential.expiresOn ?? null,
    identifier: credential.identifier ?? null,
    issuer: credential.issuer ?? null,
    verification: credential.verification ?? 'unverified',
    reviewedBy: credential.reviewedBy ?? null,
    reviewedAt: credential.reviewedAt ?? null,
    reviewNote: credential.reviewNote ?? null,
  };
}

export const toStoredCredentials = (credentials: readonly CredentialValue[]): StoredCredential[] => credentials.map(toStoredCredential);

/** New credentials, entered through the API or listed by the directory, with no review yet. */
export const newCredentials = (credentials: readonly CredentialValue[], verification: CredentialVerification): StoredCredential[] =>
  credentials.map((credential) => ({
    ...toStoredCredential(credential),
    verification,
    reviewedBy: null,
    reviewedAt: null,
    reviewNote: null,
  }));

/**
 * The list staff sent, each credential keeping its verification and review when staff left it exactly as
 * it was, and `unverified` (no review) when they added it or changed its status, number, expiry or issuer.
 */
export function carryVerification(previous: readonly StoredCredential[], next: readonly CredentialValue[]): StoredCredential[] {
  const unclaimed = [...previous];
  return next.map((credential) => {
    const at = unclaimed.findIndex((before) => sameAsEntered(before, credential));
    if (at < 0) return newCredentials([credential], 'unverified')[0]!;
    return unclaimed.splice(at, 1)[0]!;
  });
}

/** Which credential an admin reviews: its type, and its number when the facility holds two of that type. */
export interface CredentialRef {
  readonly type: CredentialType;
  readonly identifier?: string | null;
}

export interface Review {
  readonly outcome: 'verified' | 'rejected';
  readonly reviewedBy: string;
  readonly reviewedAt: string;
  readonly note: string | null;
}

export type ReviewResult =
  | { readonly ok: true; readonly credentials: StoredCredential[]; readonly reviewed: StoredCredential }
  | { readonly ok: false; readonly problem: 'not-found' | 'ambiguous' };

/**
 * The credentials after an admin's review of one: verified (who and when kept), or rejected, which leaves it
 * `unverified` (it no longer counts even if the directory listed it) with who rejected it, when and why.
 */
export function reviewCredential(credentials: readonly StoredCredential[], ref: CredentialRef, review: Review): ReviewResult {
  const candidates = credentials
    .map((credential, at) => ({ credential, at }))
    .filter(({ credential }) => credential.type === ref.type && (ref.identifier == null || credential.identifier === ref.identifier));
  if (candidates.length === 0) return { ok: false, problem: 'not-found' };
  if (candidates.length > 1) return { ok: false, problem: 'ambiguous' };
  const { credential, at } = candidates[0]!;
  const reviewed: StoredCredential = {
    ...credential,
    verification: review.outcome === 'verified' ? 'verified' : 'unverified',
    reviewedBy: review.reviewedBy,
    reviewedAt: review.reviewedAt,
    reviewNote: review.note,
  };
  return { ok: true, credentials: credentials.map((each, index) => (index === at ? reviewed : each)), reviewed };
}
