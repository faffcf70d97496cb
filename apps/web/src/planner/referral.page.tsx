import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { AWAITING_ANSWER_STATUSES, PLACED_STATUSES, TASK_STATUS_LABELS, type ExclusionRule } from '#vocabulary';
import { request } from '../api/api-client';
import type { Referral } from '../api/api.types';
import { ago, count, dateTime, levelLabel, outcomeText } from '../format';
import { PatientConsent } from './patient-consent';
import { useReferralEvents } from './use-referral-events';

const MAX_FACILITIES = 5;

const HOLD_TEXT: Record<string, string> = {
  pending: 'asking for a bed…',
  held: 'held',
  refused: 'no bed to hold',
  released: 'released',
  expired: 'hold ran out',
  converted: 'taken for the patient',
};

// Every rule the matcher names (EXCLUSION_RULES), in a planner's words.
const RULE_TEXT: Record<ExclusionRule, string> = {
  inactive: 'Not active',
  distance: 'Too far',
  'level-of-care': 'Level of care not offered',
  'no-bed': 'No bed free',
  'stale-count': 'Bed count too old',
  payer: 'Not in network',
  credential: 'Licence on file not valid',
  accreditation: 'Not accredited',
  gender: 'Does not serve this gender',
  age: 'Does not serve this age',
  pregnancy: 'Does not serve pregnancy',
  'co-occurring': 'No co-occurring care',
  'court-ordered': 'Does not take this court order',
  substance: 'Does not treat this substance',
  withdrawal: 'Does not manage this withdrawal',
  medication: 'Medication not continued',
  'start-medication': 'Cannot start this medication',
  parenting: 'No beds or childcare for children',
  language: 'Language not offered',
};

/** The API types a rule as a plain string: a rule this page does not know yet shows as the matcher names it. */
const ruleText = (rule: string): string => RULE_TEXT[rule as ExclusionRule] ?? rule;

export function ReferralPage() {
  const { referralId = '' } = useParams();
  const { referral, connection, error } = useReferralEvents(referralId);
  if (error)
    return (
      <p role="alert" className="error">
        {error} <Link to="/planner">Back to referrals</Link>
      </p>
    );
  if (!referral) return <p aria-live="polite">Loading the referral…</p>;
  return (
    <div className="referral-page">
      <header className="page-header">
        <h1>
          {levelLabel(referral.levelOfCare)} near ZIP {referral.patientZip}
        </h1>
        <span className={`live ${connection}`} role="status">
          {connection === 'live' ? 'Live: updates as they happen' : connection === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
        </span>
        <p className="muted">
          Submitted {dateTime(referral.submittedAt)} · {outcomeText(referral.outcome)} · within {referral.maxDistanceMiles} mi
        </p>
      </header>
      {referral.warnings.map((warning) => (
        <p key={warning.code} className="warning" role="alert">
          {warning.text}
        </p>
      ))}
      <Tasks referral={referral} />
      {referral.tasks.length > 0 && <PatientConsent referral={referral} />}
      {referral.matchStatus === 'matching' && (
        <p className="card" aria-live="polite">
          Searching the directory for free beds…
        </p>
      )}
      {referral.matchStatus !== 'matching' && <Matches referral={referral} />}
      {referral.suggestions.length > 0 && (
        <section className="card" aria-labelledby="widen-title">
          <h2 id="widen-title">To find more</h2>
          <ul>
            {referral.suggestions.map((suggestion) => (
              <li key={suggestion.kind + suggestion.text}>{suggestion.text}</li>
            ))}
          </ul>
        </section>
      )}
      {referral.matchStatus !== 'matching' && <Exclusions referral={referral} />}
    </div>
  );
}

function Matches({ referral }: { referral: Referral }) {
  const [chosen, setChosen] = useState<string[]>([]);
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const sentTo = new Set(referral.tasks.map((task) => task.facilityId));
  const placed = referral.tasks.some((task) => PLACED_STATUSES.includes(task.status));

  function toggle(facilityId: string) {
    setChosen((current) =>
      current.includes(facilityId) ? current.filter((id) => id !== facilityId) : [...current, facilityId].slice(0, MAX_FACILITIES),
    );
  }

  async function send() {
    setSending(true);
    setProblem(null);
    try {
      await request('POST', `/api/referrals/${referral.id}/tasks`, { facilityIds: chosen });
      setChosen([]);
    } catch (caught) {
      setProblem((caught as Error).message);
    } finally {
      setSending(false);
    }
  }

  return (
    <section className="card" aria-labelledby="matches-title">
      <h2 id="matches-title">
        {referral.matches.length} {referral.matches.length === 1 ? 'facility has' : 'facilities have'} a bed
      </h2>
      <p className="muted">
        {referral.facilitiesConsidered ?? 0} facilities considered. Choose up to {MAX_FACILITIES}: a bed is held at each, the first to
        accept wins and the others are released.
      </p>
      {referral.matches.length > 0 && (
        <div className="table-scroll">
          <table className="matches">
            <caption className="visually-hidden">Facilities with a free bed, best first</caption>
            <thead>
              <tr>
                <th scope="col">Send</th>
                <th scope="col">Facility</th>
                <th scope="col">Distance</th>
                <th scope="col">Beds free</th>
                <th scope="col">Count confirmed</th>
                <th scope="col">Why it fits</th>
              </tr>
            </thead>
            <tbody>
              {referral.matches.map((match) => {
                const already = sentTo.has(match.facilityId);
                return (
                  <tr key={match.facilityId}>
                    <td>
                      <input
                        type="checkbox"
                        id={`send-${match.facilityId}`}
                        aria-label={`Send to ${match.name}`}
                        disabled={already || placed}
                        checked={already || chosen.includes(match.facilityId)}
                        onChange={() => toggle(match.facilityId)}
                      />
                    </td>
                    <td>
                      <label htmlFor={`send-${match.facilityId}`}>
                        <strong>{match.name}</strong>
                      </label>
                      <br />
                      <span className="muted">
                        {match.city}, {match.state} · {levelLabel(match.levelOfCare)}
                      </span>
                    </td>
                    <td>{match.distanceMiles} mi</td>
                    <td>{match.bedsAvailable}</td>
                    <td>{ago(match.bedsConfirmedAt)}</td>
                    <td>
                      <ul className="reasons">
                        {match.reasons.map((reason) => (
                          <li key={reason}>{reason}</li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      {referral.matches.length > 0 && !placed && (
        <button type="button" onClick={() => void send()} disabled={chosen.length === 0 || sending}>
          {sending
            ? 'Holding beds…'
            : chosen.length === 0
              ? 'Choose facilities to send to'
              : `Send referral to ${count(chosen.length, 'facility', 'facilities')}`}
        </button>
      )}
    </section>
  );
}

function Tasks({ referral }: { referral: Referral }) {
  const [problem, setProblem] = useState<string | null>(null);
  if (referral.tasks.length === 0) return null;
  async function cancel(taskId: string) {
    setProblem(null);
    try {
      await request('POST', `/api/referrals/${referral.id}/tasks/${taskId}/cancel`, {});
    } catch (caught) {
      setProblem((caught as Error).message);
    }
  }
  return (
    <section className="card" aria-labelledby="tasks-title">
      <h2 id="tasks-title">Sent to</h2>
      <div className="table-scroll">
        <table className="tasks">
          <thead>
            <tr>
              <th scope="col">Facility</th>
              <th scope="col">Status</th>
              <th scope="col">Bed</th>
              <th scope="col">Note</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {referral.tasks.map((task) => (
              <tr key={task.id} data-status={task.status}>
                <td>
                  {task.facilityName}
                  {task.escalatedFromTaskId && <span className="muted"> (passed on after no answer)</span>}
                </td>
                <td>
                  <span className={`badge status-${task.status}`}>{TASK_STATUS_LABELS[task.status]}</span>
                </td>
                <td>
                  {task.hold.status === 'held' && task.hold.expiresAt
                    ? `held until ${new Date(task.hold.expiresAt).toLocaleTimeString()}`
                    : (HOLD_TEXT[task.hold.status] ?? task.hold.status)}
                </td>
                <td>{[task.statusReason, task.statusNote].filter(Boolean).join(': ')}</td>
                <td>
                  {(AWAITING_ANSWER_STATUSES.includes(task.status) || task.status === 'accepted') && (
                    <button type="button" className="secondary" onClick={() => void cancel(task.id)}>
                      Withdraw
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
    </section>
  );
}

function Exclusions({ referral }: { referral: Referral }) {
  const counts = Object.entries(referral.excludedByRule ?? {}).filter(([, excluded]) => excluded > 0);
  if (referral.nearbyExclusions.length === 0 && counts.length === 0) return null;
  return (
    <section className="card" aria-labelledby="excluded-title">
      <h2 id="excluded-title">Left out nearby, and why</h2>
      {counts.length > 0 && <p className="muted">{counts.map(([rule, excluded]) => `${ruleText(rule)}: ${excluded}`).join(' · ')}</p>}
      {referral.nearbyExclusions.length > 0 && (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Facility</th>
                <th scope="col">Distance</th>
                <th scope="col">Rule</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {referral.nearbyExclusions.map((exclusion) => (
                <tr key={exclusion.facilityId}>
                  <td>
                    {exclusion.name}
                    <br />
                    <span className="muted">
                      {exclusion.city}, {exclusion.state}
                    </span>
                  </td>
                  <td>{exclusion.distanceMiles} mi</td>
                  <td>{ruleText(exclusion.rule)}</td>
                  <td>{exclusion.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
