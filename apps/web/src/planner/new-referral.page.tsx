import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { request } from '../api/api-client';
import type { ReferralPage } from '../api/api.types';
import { dateTime, levelLabel, outcomeText } from '../format';
import { ReferralForm } from './referral-form';

/** The planner's home: a new referral on the left, the organisation's referrals on the right. */
export function NewReferralPage() {
  const referrals = useQuery({
    queryKey: ['referrals'],
    queryFn: () => request<ReferralPage>('GET', '/api/referrals?pageSize=20'),
    refetchInterval: 15_000,
  });
  return (
    <div className="two-columns">
      <ReferralForm />
      <section className="card" aria-labelledby="my-referrals-title">
        <h2 id="my-referrals-title">Your organisation’s referrals</h2>
        {referrals.isPending && <p>Loading…</p>}
        {referrals.error && (
          <p role="alert" className="error">
            {referrals.error.message}
          </p>
        )}
        {referrals.data && referrals.data.items.length === 0 && <p>No referrals yet.</p>}
        <ul className="referral-list">
          {referrals.data?.items.map((referral) => (
            <li key={referral.id}>
              <Link to={`/planner/referrals/${referral.id}`}>
                {levelLabel(referral.levelOfCare)}, ZIP {referral.patientZip}
              </Link>
              <span className={`badge outcome-${referral.outcome}`}>{outcomeText(referral.outcome)}</span>
              <span className="muted">{dateTime(referral.submittedAt)}</span>
              {referral.warnings.map((warning) => (
                <p key={warning.code} className="warning">
                  {warning.text}
                </p>
              ))}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
