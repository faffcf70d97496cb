import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '../api/api-client';
import type { Facility } from '../api/api.types';
import { dateTime } from '../format';
import { useSession } from '../session/session.context';

/** One licence or accreditation as GET /api/facilities/:id shows it, with who vouches for it (issue 15). */
type Credential = Facility['credentials'][number] & {
  verification?: 'directory-listed' | 'unverified' | 'verified';
  reviewedAt?: string | null;
  reviewNote?: string | null;
};

const CREDENTIAL_NAMES: Readonly<Record<string, string>> = {
  'state-licence': 'State licence',
  'hospital-licence': 'Hospital licence',
  carf: 'CARF accreditation',
  'joint-commission': 'Joint Commission accreditation',
  coa: 'COA accreditation',
  ncqa: 'NCQA accreditation',
  hfap: 'HFAP accreditation',
  'samhsa-otp': 'SAMHSA OTP certification',
  dea: 'DEA registration',
  fqhc: 'FQHC designation',
};

/** Who vouches for the credential, in a planner's and the facility's words. */
export function verificationText(credential: Credential): string {
  switch (credential.verification) {
    case 'verified':
      return `verified by an admin on ${dateTime(credential.reviewedAt)}`;
    case 'directory-listed':
      return "from SAMHSA's directory";
    default:
      return credential.reviewedAt
        ? `rejected by an admin on ${dateTime(credential.reviewedAt)}: not counted in matching`
        : 'not yet verified: matching does not count it until an admin verifies it';
  }
}

const nameOf = (credential: Credential): string =>
  `${CREDENTIAL_NAMES[credential.type] ?? credential.type}${credential.identifier ? ` ${credential.identifier}` : ''}`;

/**
 * The facility's licences and accreditations, each with its status and who vouches for it. Admins
 * verify one here after checking it with the issuer; a change staff make to it makes it unverified again.
 */
export function FacilityCredentials({ facilityId }: { facilityId: string }) {
  const { account } = useSession();
  const admin = account?.role === 'admin';
  const queryClient = useQueryClient();
  // The same query as the bed board and profile: one fetch serves all three.
  const facility = useQuery({
    queryKey: ['facility', facilityId],
    queryFn: () => request<Facility>('GET', `/api/facilities/${facilityId}`),
    refetchInterval: 15_000,
  });
  const verify = useMutation({
    mutationFn: (credential: Credential) =>
      request<Facility>('POST', `/api/facilities/${facilityId}/accreditations/${credential.type}/verify`, {
        identifier: credential.identifier ?? null,
      }),
    onSuccess: (updated) => queryClient.setQueryData(['facility', facilityId], updated),
  });
  if (facility.isPending) return <p>Loading licences and accreditations…</p>;
  if (facility.error)
    return (
      <p role="alert" className="error">
        {facility.error.message}
      </p>
    );
  const credentials = facility.data.credentials as Credential[];
  return (
    <section className="card" aria-labelledby="credentials-title">
      <h2 id="credentials-title">Licences and accreditations</h2>
      {credentials.length === 0 ? (
        <p className="muted">None on file.</p>
      ) : (
        <ul className="reasons">
          {credentials.map((credential) => {
            const name = nameOf(credential);
            return (
              <li key={`${credential.type}/${credential.identifier ?? ''}`}>
                <strong>{name}</strong>: {credential.effectiveStatus}
                {credential.expiresOn ? `, valid through ${credential.expiresOn}` : ''} — <span>{verificationText(credential)}</span>
                {admin && credential.verification !== 'verified' && (
                  <>
                    {' '}
                    <button
                      type="button"
                      aria-label={`Verify ${name}`}
                      disabled={verify.isPending}
                      onClick={() => verify.mutate(credential)}
                    >
                      Verify
                    </button>
                  </>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {verify.error && (
        <p role="alert" className="error">
          {verify.error.message}
        </p>
      )}
    </section>
  );
}
