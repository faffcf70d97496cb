import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { request } from '../api/api-client';
import type { Consent, ConsentRequest, PatientDetailsRequest, PatientDisclosure, Referral } from '../api/api.types';
import { dateTime } from '../format';
import { FieldError, showServerErrors } from './form-errors';

interface PatientForm {
  givenName: string;
  familyName: string;
  birthDate: string;
  phone: string;
  clinicalSummary: string;
}

const FIELDS = [
  { field: 'name', label: 'Name' },
  { field: 'birthDate', label: 'Birth date' },
  { field: 'phone', label: 'Phone' },
  { field: 'address', label: 'Address' },
  { field: 'medicalRecordNumber', label: 'Medical record number' },
  { field: 'clinicalSummary', label: 'Clinical summary' },
] as const;

const PURPOSES: readonly { purpose: ConsentRequest['purpose']; label: string }[] = [
  { purpose: 'treatment-referral', label: 'Treatment referral' },
  { purpose: 'care-coordination', label: 'Care coordination' },
];

const CONSENT_DAYS = 30;

/**
 * 42 CFR Part 2: identity stays with the planner until the patient consents to a named facility
 * seeing named fields, for a purpose and until a date. Facilities see exactly that, and every read is audited.
 */
export function PatientConsent({ referral }: { referral: Referral }) {
  const queryClient = useQueryClient();
  /** The version the last save made; each save adds one, and consents keep disclosing the version they were given for. */
  const [savedVersion, setSavedVersion] = useState<number | null>(null);
  const { register, handleSubmit, formState, setError } = useForm<PatientForm>({ mode: 'onChange' });
  const consents = useQuery({
    queryKey: ['consents', referral.id],
    queryFn: () => request<Consent[]>('GET', `/api/referrals/${referral.id}/consents`),
  });
  const recipients =
    referral.tasks.length > 0
      ? referral.tasks.map((task) => ({ id: task.facilityId, name: task.facilityName }))
      : referral.matches.map((match) => ({ id: match.facilityId, name: match.name }));
  const [recipient, setRecipient] = useState('');
  const [fields, setFields] = useState<ConsentRequest['disclosedFields']>(['name', 'birthDate', 'clinicalSummary']);
  const [purpose, setPurpose] = useState<ConsentRequest['purpose']>('treatment-referral');
  const chosenRecipient = recipient || recipients[0]?.id || '';

  async function savePatient(values: PatientForm) {
    try {
      const body: PatientDetailsRequest = {
        givenName: values.givenName,
        familyName: values.familyName,
        birthDate: values.birthDate,
        ...(values.phone ? { phone: values.phone } : {}),
        ...(values.clinicalSummary ? { clinicalSummary: values.clinicalSummary } : {}),
      };
      const saved = await request<PatientDisclosure>('PUT', `/api/referrals/${referral.id}/patient`, body);
      setSavedVersion(saved.patientDetailsVersion);
    } catch (caught) {
      showServerErrors(caught, setError, ['givenName', 'familyName', 'birthDate', 'phone']);
    }
  }

  const consent = useMutation({
    mutationFn: () => {
      const body: ConsentRequest = {
        recipientFacilityId: chosenRecipient,
        purpose,
        disclosedFields: fields,
        expiresAt: new Date(Date.now() + CONSENT_DAYS * 86_400_000).toISOString(),
      };
      return request<Consent>('POST', `/api/referrals/${referral.id}/consents`, body);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['consents', referral.id] }),
  });
  const revoke = useMutation({
    mutationFn: (consentId: string) => request('POST', `/api/referrals/${referral.id}/consents/${consentId}/revoke`, {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['consents', referral.id] }),
  });

  const { errors, isSubmitting } = formState;
  return (
    <section className="card" aria-labelledby="patient-title">
      <h2 id="patient-title">Patient details and consent</h2>
      <p className="muted">Facilities see these only under a consent that names them; every read is audited.</p>
      <form onSubmit={(event) => void handleSubmit(savePatient)(event)} noValidate aria-label="Patient details">
        <div className="grid-2">
          <div className="field">
            <label htmlFor="givenName">Given name</label>
            <input
              id="givenName"
              autoComplete="off"
              aria-invalid={errors.givenName ? true : undefined}
              {...register('givenName', { required: 'Enter the given name' })}
            />
            <FieldError message={errors.givenName?.message} />
          </div>
          <div className="field">
            <label htmlFor="familyName">Family name</label>
            <input
              id="familyName"
              autoComplete="off"
              aria-invalid={errors.familyName ? true : undefined}
              {...register('familyName', { required: 'Enter the family name' })}
            />
            <FieldError message={errors.familyName?.message} />
          </div>
          <div className="field">
            <label htmlFor="birthDate">Birth date</label>
            <input
              id="birthDate"
              type="date"
              aria-invalid={errors.birthDate ? true : undefined}
              {...register('birthDate', { required: 'Enter the birth date' })}
            />
            <FieldError message={errors.birthDate?.message} />
          </div>
          <div className="field">
            <label htmlFor="phone">Phone (optional)</label>
            <input id="phone" type="tel" autoComplete="off" {...register('phone')} />
            <FieldError message={errors.phone?.message} />
          </div>
        </div>
        <label htmlFor="clinicalSummary">Clinical summary for the receiving team (optional)</label>
        <textarea id="clinicalSummary" maxLength={2000} {...register('clinicalSummary')} />
        {errors.root?.message && (
          <p className="error" role="alert">
            {errors.root.message}
          </p>
        )}
        <button type="submit" className="secondary" disabled={isSubmitting}>
          Save patient details
        </button>
        {savedVersion !== null && (
          <p className="success" role="status">
            Patient details saved. Version {savedVersion}: consents recorded from now on disclose it; earlier consents keep disclosing the
            version they were given for.
          </p>
        )}
      </form>

      {recipients.length > 0 && (
        <form
          className="inline-form"
          aria-label="Record consent"
          onSubmit={(event) => {
            event.preventDefault();
            consent.mutate();
          }}
        >
          <label htmlFor="recipient">Patient consents to disclose to</label>
          <select id="recipient" value={chosenRecipient} onChange={(event) => setRecipient(event.target.value)}>
            {recipients.map((option) => (
              <option key={option.id} value={option.id}>
                {option.name}
              </option>
            ))}
          </select>
          <fieldset>
            <legend>What may be disclosed (the minimum needed)</legend>
            {FIELDS.map(({ field, label }) => (
              <label key={field} className="choice">
                <input
                  type="checkbox"
                  checked={fields.includes(field)}
                  onChange={() => setFields(fields.includes(field) ? fields.filter((item) => item !== field) : [...fields, field])}
                />{' '}
                {label}
              </label>
            ))}
          </fieldset>
          <label htmlFor="purpose">For the purpose of</label>
          <select id="purpose" value={purpose} onChange={(event) => setPurpose(event.target.value as ConsentRequest['purpose'])}>
            {PURPOSES.map((option) => (
              <option key={option.purpose} value={option.purpose}>
                {option.label}
              </option>
            ))}
          </select>
          <p className="muted">
            For {CONSENT_DAYS} days, and only for this purpose; the facility sees the patient details as saved now, not later changes.
          </p>
          <button type="submit" className="secondary" disabled={consent.isPending || fields.length === 0}>
            Record consent
          </button>
          {consent.error && (
            <p className="error" role="alert">
              {consent.error.message}
            </p>
          )}
        </form>
      )}

      {consents.data && consents.data.length > 0 && (
        <ul className="consents">
          {consents.data.map((item) => (
            <li key={item.id}>
              {item.recipientName}:{' '}
              {item.disclosedFields.map((field) => FIELDS.find((known) => known.field === field)?.label ?? field).join(', ')} until{' '}
              {dateTime(item.expiresAt)} · {PURPOSES.find((known) => known.purpose === item.purpose)?.label ?? item.purpose} · details
              version {item.patientDetailsVersion}
              {item.patientName && ` · for ${item.patientName}`}
              {item.revokedAt ? (
                <span className="badge status-rejected">revoked</span>
              ) : (
                <button type="button" className="link" onClick={() => revoke.mutate(item.id)}>
                  Revoke
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
