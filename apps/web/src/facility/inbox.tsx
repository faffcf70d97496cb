import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import {
  DECLINE_REASON_LABELS,
  DECLINE_REASONS,
  MEDICATION_LABELS,
  SUBSTANCE_LABELS,
  TASK_STATUS_LABELS,
  type CourtOrder,
  type DeclineReason,
  type Substance,
  type TaskStatus,
} from '#vocabulary';
import { ApiError, request } from '../api/api-client';
import type { InboxItem, InboxPage, PatientDisclosure, TaskActionBody } from '../api/api.types';
import { dateTime, levelLabel } from '../format';

type Action = 'receive' | 'accept' | 'decline' | 'ask-for-information' | 'admit' | 'no-show' | 'complete';

// What staff can do from each status (the API enforces the same moves and names the allowed ones on 409).
const ACTIONS_BY_STATUS: Partial<Record<TaskStatus, Action[]>> = {
  requested: ['receive', 'accept', 'decline', 'ask-for-information'],
  received: ['accept', 'decline', 'ask-for-information'],
  'on-hold': ['accept', 'decline'],
  accepted: ['admit', 'no-show'],
  'in-progress': ['complete'],
};

const ACTION_LABELS: Record<Action, string> = {
  receive: 'Mark as seen',
  accept: 'Accept',
  decline: 'Decline…',
  'ask-for-information': 'Ask for information…',
  admit: 'Admitted',
  'no-show': 'Did not arrive',
  complete: 'Discharged / completed',
};

export function Inbox({ facilityId }: { facilityId: string }) {
  const inbox = useQuery({
    queryKey: ['inbox', facilityId],
    queryFn: () => request<InboxPage>('GET', `/api/inbox/${facilityId}?pageSize=50`),
    refetchInterval: 5_000,
  });
  return (
    <section className="card" aria-labelledby="inbox-title">
      <h2 id="inbox-title">Referral inbox</h2>
      {inbox.isPending && <p>Loading…</p>}
      {inbox.error && (
        <p role="alert" className="error">
          {inbox.error.message}
        </p>
      )}
      {inbox.data?.items.length === 0 && <p>No referrals sent to this facility yet.</p>}
      <ul className="inbox">
        {inbox.data?.items.map((item) => (
          <InboxEntry key={item.task.id} item={item} facilityId={facilityId} />
        ))}
      </ul>
    </section>
  );
}

/** "opioid and alcohol use", "alcohol use". */
function substancesInWords(substances: readonly Substance[]): string {
  const labels = substances.map((substance) => SUBSTANCE_LABELS[substance]);
  return `${labels.length > 1 ? `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}` : labels[0]} use`;
}

const COURT_ORDER_WORDS: Record<CourtOrder, string> = { dui: 'court-ordered (DUI/DWI)', other: 'court-ordered' };

function needsInWords(item: InboxItem): string {
  const { needs } = item;
  // Referrals made before substances were asked have none on file.
  const substances = needs.substances ?? [];
  return [
    `${needs.gender}, ${needs.ageYears}`,
    substances.length > 0 && substancesInWords(substances),
    needs.pregnant && 'pregnant or postpartum',
    needs.coOccurringMentalIllness && 'co-occurring mental illness',
    needs.courtOrder && COURT_ORDER_WORDS[needs.courtOrder],
    needs.medication && `takes ${MEDICATION_LABELS[needs.medication]}`,
    needs.startMedication && `to start ${MEDICATION_LABELS[needs.startMedication]}`,
    needs.bedsForChildren && 'needs beds for their children',
    needs.childcare && 'needs childcare',
    needs.language && `care in ${needs.language}`,
    item.payer,
  ]
    .filter(Boolean)
    .join(' · ');
}

function InboxEntry({ item, facilityId }: { item: InboxItem; facilityId: string }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<'decline' | 'ask-for-information' | null>(null);
  const [reason, setReason] = useState<DeclineReason>('no-capacity');
  const [note, setNote] = useState('');
  // What the last "Patient details" click showed: the disclosed details with the notice that travels with them, or why not.
  const [patient, setPatient] = useState<{ text: string; notice?: string } | null>(null);
  const act = useMutation({
    mutationFn: ({ action, body }: { action: Action; body: TaskActionBody }) =>
      request('POST', `/api/referrals/${item.referralId}/tasks/${item.task.id}/${action}`, body),
    onSuccess: () => {
      setOpen(null);
      setNote('');
      void queryClient.invalidateQueries({ queryKey: ['inbox', facilityId] });
      void queryClient.invalidateQueries({ queryKey: ['facility', facilityId] });
    },
  });
  const actions = ACTIONS_BY_STATUS[item.task.status] ?? [];
  const titleId = `task-${item.task.id}`;

  function run(action: Action) {
    if (action === 'decline' || action === 'ask-for-information') setOpen(action);
    else act.mutate({ action, body: {} });
  }

  function submitNote(event: FormEvent) {
    event.preventDefault();
    if (!open) return;
    act.mutate({ action: open, body: open === 'decline' ? { reason, ...(note ? { note } : {}) } : { note } });
  }

  async function showPatient() {
    try {
      const disclosed = await request<PatientDisclosure>('GET', `/api/referrals/${item.referralId}/patient?facilityId=${facilityId}`);
      const { name, ...rest } = disclosed.patient;
      const parts = [
        name ? `${name.given} ${name.family}` : null,
        ...Object.entries(rest)
          .filter(([, value]) => value)
          // birthDate is a YYYY-MM-DD string, though the API document calls it an object.
          .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`),
      ];
      setPatient({ text: parts.filter(Boolean).join(' · ') || 'No details recorded yet.', notice: disclosed.redisclosureNotice });
    } catch (caught) {
      if (!(caught instanceof ApiError) || caught.status !== 403) setPatient({ text: (caught as Error).message });
      else if (caught.message.startsWith('no valid consent names your facility as recipient;')) {
        setPatient({ text: 'No valid consent covers this facility, so patient details stay with the planner.' });
      } else {
        // Another refusal (a declined referral, a consent for another purpose…) says itself why.
        setPatient({ text: `Patient details are not disclosed: ${caught.message}.` });
      }
    }
  }

  return (
    <li className="inbox-item" aria-labelledby={titleId} data-status={item.task.status}>
      <div className="inbox-head">
        <h3 id={titleId}>{levelLabel(item.task.levelOfCare)}</h3>
        <span className={`badge status-${item.task.status}`}>{TASK_STATUS_LABELS[item.task.status]}</span>
      </div>
      <p>
        {needsInWords(item)} · from ZIP {item.patientZip}
      </p>
      <p className="muted">
        Sent {dateTime(item.task.createdAt)}
        {item.task.hold.status === 'held' &&
          item.task.hold.expiresAt &&
          ` · bed held until ${new Date(item.task.hold.expiresAt).toLocaleTimeString()}`}
        {item.task.statusNote && ` · ${item.task.statusNote}`}
      </p>
      <div className="actions">
        {actions.map((action) => (
          <button
            key={action}
            type="button"
            className={action === 'accept' || action === 'admit' ? '' : 'secondary'}
            disabled={act.isPending}
            onClick={() => run(action)}
          >
            {ACTION_LABELS[action]}
          </button>
        ))}
        <button type="button" className="link" onClick={() => void showPatient()}>
          Patient details
        </button>
      </div>
      {patient && (
        <div className="disclosure" role="status">
          <p>{patient.text}</p>
          {patient.notice && (
            <p className="muted">
              <strong>Redisclosure prohibited (42 CFR 2.32):</strong> {patient.notice}
            </p>
          )}
        </div>
      )}
      {open && (
        <form
          className="inline-form"
          onSubmit={submitNote}
          aria-label={open === 'decline' ? 'Decline the referral' : 'Ask for information'}
        >
          {open === 'decline' && (
            <>
              <label htmlFor={`reason-${item.task.id}`}>Reason</label>
              <select id={`reason-${item.task.id}`} value={reason} onChange={(event) => setReason(event.target.value as DeclineReason)}>
                {DECLINE_REASONS.map((option) => (
                  <option key={option} value={option}>
                    {DECLINE_REASON_LABELS[option]}
                  </option>
                ))}
              </select>
            </>
          )}
          <label htmlFor={`note-${item.task.id}`}>
            {open === 'decline' ? 'Note (required for “other”)' : 'What do you need? (no patient identifiers)'}
          </label>
          <textarea
            id={`note-${item.task.id}`}
            value={note}
            maxLength={500}
            onChange={(event) => setNote(event.target.value)}
            required={open === 'ask-for-information' || reason === 'other'}
          />
          <div className="actions">
            <button type="submit" disabled={act.isPending}>
              {open === 'decline' ? 'Decline referral' : 'Send question'}
            </button>
            <button type="button" className="secondary" onClick={() => setOpen(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {act.error && (
        <p role="alert" className="error">
          {act.error.message}
        </p>
      )}
    </li>
  );
}
