import { useQuery } from '@tanstack/react-query';
import { request } from '../api/api-client';
import type { Facility } from '../api/api.types';
import { DETOX_LEVELS, medicationAsStated, MEDICATION_SERVICE_LABELS, OPERATOR_LABELS } from '#vocabulary';
import { levelLabel, sentenceCase } from '../format';
import { substanceText, substancesTreated, supportServiceText, withdrawalText } from './facility-facts';

function Term({ children }: { children: string }) {
  return (
    <dt>
      <strong>{children}</strong>
    </dt>
  );
}

/** A list in words, or what to say when the directory states nothing. */
function Facts({ items, none }: { items: readonly string[]; none: string }) {
  if (items.length === 0) return <dd className="muted">{none}</dd>;
  return (
    <dd>
      <ul className="reasons">
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </dd>
  );
}

/**
 * What planners see of this facility and match on: substances, withdrawal, medications, recovery
 * supports and who runs it. Read-only here; the facility's profile is changed through the API.
 */
export function FacilityProfile({ facilityId }: { facilityId: string }) {
  // The same query as the bed board: one fetch serves both.
  const facility = useQuery({
    queryKey: ['facility', facilityId],
    queryFn: () => request<Facility>('GET', `/api/facilities/${facilityId}`),
    refetchInterval: 15_000,
  });
  if (facility.isPending) return <p>Loading the facility profile…</p>;
  if (facility.error)
    return (
      <p role="alert" className="error">
        {facility.error.message}
      </p>
    );
  const profile = facility.data;
  const detox = profile.levelsOfCare.some((level) => DETOX_LEVELS.includes(level));
  const continues =
    // Nullable and optional in the API: null or absent both mean not on file.
    profile.continuesExternalMedication == null
      ? 'not on file'
      : profile.continuesExternalMedication
        ? 'yes: takes clients on medication for opioid use disorder prescribed elsewhere'
        : 'no';
  return (
    <section className="card" aria-labelledby="profile-title">
      <h2 id="profile-title">What {profile.name} offers</h2>
      <dl className="facts">
        <Term>Levels of care</Term>
        <Facts items={profile.levelsOfCare.map(levelLabel)} none="None on file" />
        <Term>Treats</Term>
        <Facts items={substancesTreated(profile).map(substanceText)} none="None of the substances a referral names" />
        {profile.servesOnlyClientsWith.length > 0 && (
          <>
            <Term>Serves only clients with</Term>
            <Facts items={profile.servesOnlyClientsWith.map(substanceText)} none="" />
          </>
        )}
        <Term>Does not treat</Term>
        <Facts items={profile.substancesNotTreated.map(substanceText)} none="Nothing stated" />
        {(detox || profile.withdrawalManaged.length > 0) && (
          <>
            <Term>Withdrawal managed</Term>
            <Facts
              items={profile.withdrawalManaged.map(withdrawalText)}
              none="Withdrawal types not on file: planners are asked to confirm them with you"
            />
          </>
        )}
        <Term>Medications used in treatment</Term>
        <Facts items={profile.medications.map(medicationAsStated)} none="None on file" />
        <Term>Medication services</Term>
        <Facts items={profile.medicationServices.map((service) => sentenceCase(MEDICATION_SERVICE_LABELS[service]))} none="None on file" />
        <Term>Continues medication prescribed elsewhere</Term>
        <dd>{continues}</dd>
        <Term>Recovery supports and aftercare</Term>
        <Facts items={profile.supportServices.map(supportServiceText)} none="None on file" />
        <Term>Run by</Term>
        <Facts items={profile.operators.map((operator) => sentenceCase(OPERATOR_LABELS[operator]))} none="Not on file" />
      </dl>
    </section>
  );
}
