import { useState, type FormEvent } from 'react';
import { DECLINE_REASON_LABELS, DECLINE_REASONS, LEVELS_OF_CARE, PATIENT_PAYERS, REFERRAL_OUTCOMES } from '#vocabulary';
import { levelLabel } from '../format';

export interface PlacementFilter {
  from?: string;
  to?: string;
  facilityId?: string;
  levelOfCare?: string;
  payer?: string;
  state?: string;
  outcome?: string;
  declineReason?: string;
}

/** The filters history, export and figures share; dates are whole days in the admin's time zone. */
export function PlacementFilters({ onApply }: { onApply: (filter: PlacementFilter) => void }) {
  const [draft, setDraft] = useState<PlacementFilter>({});
  const set = (key: keyof PlacementFilter) => (event: { target: { value: string } }) =>
    setDraft({ ...draft, [key]: event.target.value || undefined });

  function apply(event: FormEvent) {
    event.preventDefault();
    onApply({
      ...draft,
      from: draft.from ? new Date(`${draft.from}T00:00:00`).toISOString() : undefined,
      to: draft.to ? new Date(`${draft.to}T23:59:59.999`).toISOString() : undefined,
      state: draft.state?.toUpperCase(),
    });
  }

  return (
    <form className="card filters" onSubmit={apply} aria-label="Filters">
      <div className="field">
        <label htmlFor="from">From</label>
        <input id="from" type="date" onChange={set('from')} />
      </div>
      <div className="field">
        <label htmlFor="to">To</label>
        <input id="to" type="date" onChange={set('to')} />
      </div>
      <div className="field">
        <label htmlFor="levelOfCare">Level of care</label>
        <select id="levelOfCare" onChange={set('levelOfCare')}>
          <option value="">Any</option>
          {LEVELS_OF_CARE.map((level) => (
            <option key={level} value={level}>
              {levelLabel(level)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="payer">Payer</label>
        <select id="payer" onChange={set('payer')}>
          <option value="">Any</option>
          {PATIENT_PAYERS.map((payer) => (
            <option key={payer} value={payer}>
              {payer}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="state">State</label>
        <input id="state" maxLength={2} placeholder="KY" onChange={set('state')} />
      </div>
      <div className="field">
        <label htmlFor="facilityId">Facility id</label>
        <input id="facilityId" onChange={set('facilityId')} />
      </div>
      <div className="field">
        <label htmlFor="outcome">Outcome</label>
        <select id="outcome" onChange={set('outcome')}>
          <option value="">Any</option>
          {REFERRAL_OUTCOMES.map((outcome) => (
            <option key={outcome} value={outcome}>
              {outcome}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="declineReason">Decline reason</label>
        <select id="declineReason" onChange={set('declineReason')}>
          <option value="">Any</option>
          {DECLINE_REASONS.map((reason) => (
            <option key={reason} value={reason}>
              {DECLINE_REASON_LABELS[reason]}
            </option>
          ))}
        </select>
      </div>
      <button type="submit">Apply filters</button>
    </form>
  );
}
