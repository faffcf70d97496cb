import { useForm } from 'react-hook-form';
import { useNavigate } from 'react-router';
import { GENDERS, LANGUAGES, LEVELS_OF_CARE, MEDICATION_LABELS, MEDICATIONS, PATIENT_PAYERS, type PatientPayer } from '#vocabulary';
import { request } from '../api/api-client';
import type { PatientNeeds, Referral, ReferralRequest } from '../api/api.types';
import { levelLabel } from '../format';
import { FieldError, showServerErrors } from './form-errors';
import { LevelGuide } from './level-guide';

// The request's fields, with the patient's needs flat; medication and language are '' for none, as the selects give them.
type FormValues = Omit<ReferralRequest, 'needs'> & Omit<PatientNeeds, 'medication' | 'language'> & { medication: string; language: string };

const PAYER_NAMES: Record<PatientPayer, string> = {
  medicaid: 'Medicaid',
  medicare: 'Medicare',
  'private-insurance': 'Private insurance',
  'state-financed': 'State-financed',
  tricare: 'TRICARE',
  'self-pay': 'Self-pay',
  uninsured: 'Uninsured',
};

// The API names fields by their path in the request body; the form's names are flat.
const fieldOf = (field: string) => field.replace(/^needs\./, '');
/** The fields that show their own error below them. */
const SHOWN_ERRORS = ['levelOfCare', 'patientZip', 'maxDistanceMiles', 'ageYears'];

/** The referral form: validates as the planner types, and shows the server's reasons beside the field too. */
export function ReferralForm() {
  const navigate = useNavigate();
  const { register, handleSubmit, watch, setValue, setError, formState } = useForm<FormValues>({
    mode: 'onChange',
    defaultValues: {
      levelOfCare: 'detox-residential', payer: 'medicaid', patientZip: '', maxDistanceMiles: 50, acceptHigherLevels: false, requireAccreditation: false,
      gender: 'female', ageYears: undefined, pregnant: false, coOccurringMentalIllness: false, courtOrdered: false, medication: '', language: '',
    },
  });
  const { errors, isSubmitting } = formState;
  const level = watch('levelOfCare');
  const gender = watch('gender');
  const invalid = (name: keyof FormValues) => (errors[name] ? { 'aria-invalid': true, 'aria-describedby': `${name}-error` } : {});

  async function submit(values: FormValues) {
    const body: ReferralRequest = {
      levelOfCare: values.levelOfCare,
      payer: values.payer,
      patientZip: values.patientZip,
      maxDistanceMiles: Number(values.maxDistanceMiles),
      acceptHigherLevels: values.acceptHigherLevels,
      requireAccreditation: values.requireAccreditation,
      needs: {
        gender: values.gender,
        ageYears: Number(values.ageYears),
        pregnant: values.gender === 'female' && values.pregnant,
        coOccurringMentalIllness: values.coOccurringMentalIllness,
        courtOrdered: values.courtOrdered,
        medication: (values.medication || null) as ReferralRequest['needs']['medication'],
        language: (values.language || null) as ReferralRequest['needs']['language'],
      },
    };
    try {
      const referral = await request<Referral>('POST', '/api/referrals', body);
      navigate(`/planner/referrals/${referral.id}`);
    } catch (caught) {
      showServerErrors(caught, setError, SHOWN_ERRORS, fieldOf);
    }
  }

  return (
    <form className="card referral-form" onSubmit={handleSubmit(submit)} noValidate aria-labelledby="new-referral-title">
      <h2 id="new-referral-title">New referral</h2>
      <p className="hint">No patient name is needed to search: only clinical needs, coverage and location.</p>

      <LevelGuide selected={level} onChoose={(chosen) => setValue('levelOfCare', chosen, { shouldValidate: true })} />
      <div className="field">
        <label htmlFor="levelOfCare">Level of care</label>
        <select id="levelOfCare" {...register('levelOfCare', { required: 'Choose a level of care' })} {...invalid('levelOfCare')}>
          {LEVELS_OF_CARE.map((option) => <option key={option} value={option}>{levelLabel(option)}</option>)}
        </select>
        <FieldError id="levelOfCare-error" message={errors.levelOfCare?.message} />
      </div>

      <div className="grid-2">
        <div className="field">
          <label htmlFor="patientZip">Patient’s ZIP code</label>
          <input id="patientZip" inputMode="numeric" autoComplete="off" {...invalid('patientZip')}
            {...register('patientZip', { required: 'Enter the five-digit ZIP code', pattern: { value: /^\d{5}$/, message: 'A ZIP code has five digits' } })} />
          <FieldError id="patientZip-error" message={errors.patientZip?.message} />
        </div>
        <div className="field">
          <label htmlFor="maxDistanceMiles">Within (miles)</label>
          <input id="maxDistanceMiles" type="number" inputMode="numeric" {...invalid('maxDistanceMiles')}
            {...register('maxDistanceMiles', { valueAsNumber: true, required: 'Enter a distance', min: { value: 1, message: 'At least 1 mile' }, max: { value: 3000, message: 'At most 3,000 miles' } })} />
          <FieldError id="maxDistanceMiles-error" message={errors.maxDistanceMiles?.message} />
        </div>
        <div className="field">
          <label htmlFor="payer">Coverage</label>
          <select id="payer" {...register('payer')}>
            {PATIENT_PAYERS.map((option) => <option key={option} value={option}>{PAYER_NAMES[option]}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="ageYears">Age (years)</label>
          <input id="ageYears" type="number" inputMode="numeric" {...invalid('ageYears')}
            {...register('ageYears', {
              valueAsNumber: true,
              validate: (value) => (Number.isInteger(value) && value >= 0 && value <= 120) || 'Enter an age from 0 to 120 in whole years',
            })} />
          <FieldError id="ageYears-error" message={errors.ageYears?.message} />
        </div>
      </div>

      <fieldset className="inline">
        <legend>Gender</legend>
        {GENDERS.map((option) => (
          <label key={option} className="choice"><input type="radio" value={option} {...register('gender')} /> {option === 'female' ? 'Female' : 'Male'}</label>
        ))}
      </fieldset>

      <fieldset>
        <legend>Needs</legend>
        {gender === 'female' && <label className="choice"><input type="checkbox" {...register('pregnant')} /> Pregnant or postpartum</label>}
        <label className="choice"><input type="checkbox" {...register('coOccurringMentalIllness')} /> Co-occurring mental illness</label>
        <label className="choice"><input type="checkbox" {...register('courtOrdered')} /> Court-ordered placement</label>
        <label className="choice"><input type="checkbox" {...register('acceptHigherLevels')} /> Also offer a more intensive level</label>
        <label className="choice"><input type="checkbox" {...register('requireAccreditation')} /> Accredited facilities only</label>
      </fieldset>

      <div className="grid-2">
        <div className="field">
          <label htmlFor="medication">Medication to continue</label>
          <select id="medication" {...register('medication')}>
            <option value="">None</option>
            {MEDICATIONS.map((option) => <option key={option} value={option}>{MEDICATION_LABELS[option]}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="language">Care in language</label>
          <select id="language" {...register('language')}>
            <option value="">Any (English)</option>
            {LANGUAGES.filter((option) => option !== 'english').map((option) => <option key={option} value={option}>{option.replace(/-/g, ' ')}</option>)}
          </select>
        </div>
      </div>

      {errors.root?.message && <p role="alert" className="error">{errors.root.message}</p>}
      <button type="submit" disabled={isSubmitting}>{isSubmitting ? 'Finding beds…' : 'Find beds'}</button>
    </form>
  );
}
