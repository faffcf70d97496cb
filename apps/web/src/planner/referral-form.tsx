import { useForm, useWatch } from 'react-hook-form';
import { useNavigate } from 'react-router';
import {
  GENDERS,
  LANGUAGES,
  LEVELS_OF_CARE,
  MEDICATION_LABELS,
  MEDICATIONS,
  PATIENT_PAYERS,
  SUBSTANCES,
  type CourtOrder,
  type PatientPayer,
  type Substance,
} from '#vocabulary';
import { request } from '../api/api-client';
import type { PatientNeeds, Referral, ReferralRequest } from '../api/api.types';
import { levelLabel } from '../format';
import { FieldError, showServerErrors } from './form-errors';
import { LevelGuide } from './level-guide';

// The request's fields, with the patient's needs flat; medications, court order and language are '' for none,
// as the selects and radios give them.
type FormValues = Omit<ReferralRequest, 'needs'> &
  Omit<PatientNeeds, 'medication' | 'startMedication' | 'courtOrder' | 'language'> & {
    medication: string;
    startMedication: string;
    courtOrder: '' | CourtOrder;
    language: string;
  };

const PAYER_NAMES: Record<PatientPayer, string> = {
  medicaid: 'Medicaid',
  medicare: 'Medicare',
  'private-insurance': 'Private insurance',
  'state-financed': 'State-financed',
  tricare: 'TRICARE',
  'self-pay': 'Self-pay',
  'ihs-tribal': 'IHS, tribal or urban Indian health',
  va: 'VA (Veterans Affairs)',
  uninsured: 'Uninsured',
};

/** What a planner ticks: the substance, with what it covers where that is not obvious. */
const SUBSTANCE_CHOICES: Record<Substance, string> = {
  opioids: 'Opioids',
  alcohol: 'Alcohol',
  sedatives: 'Sedatives (benzodiazepines, other sedative-hypnotics)',
  stimulants: 'Stimulants (cocaine, methamphetamine)',
  cannabis: 'Cannabis',
  other: 'Other substance',
};

const COURT_ORDER_CHOICES: { value: '' | CourtOrder; label: string }[] = [
  { value: '', label: 'None' },
  { value: 'dui', label: 'DUI/DWI' },
  { value: 'other', label: 'Other court order' },
];

const CHOOSE_SUBSTANCE = 'Choose at least one substance the patient needs treatment for';

// The API names fields by their path in the request body; the form's names are flat.
const fieldOf = (field: string) => field.replace(/^needs\./, '');
/** The fields that show their own error below them. */
const SHOWN_ERRORS = ['levelOfCare', 'patientZip', 'maxDistanceMiles', 'ageYears', 'substances'];

/** The referral form: validates as the planner types, and shows the server's reasons beside the field too. */
export function ReferralForm() {
  const navigate = useNavigate();
  const { register, handleSubmit, control, setValue, setError, formState } = useForm<FormValues>({
    mode: 'onChange',
    defaultValues: {
      levelOfCare: 'detox-residential',
      payer: 'medicaid',
      patientZip: '',
      maxDistanceMiles: 50,
      acceptHigherLevels: false,
      requireAccreditation: false,
      gender: 'female',
      ageYears: undefined,
      pregnant: false,
      coOccurringMentalIllness: false,
      substances: [],
      courtOrder: '',
      medication: '',
      startMedication: '',
      bedsForChildren: false,
      childcare: false,
      language: '',
    },
  });
  const { errors, isSubmitting } = formState;
  // useWatch, not watch(): the React Compiler can memoise a component that subscribes this way.
  const level = useWatch({ control, name: 'levelOfCare' });
  const gender = useWatch({ control, name: 'gender' });
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
        substances: values.substances,
        courtOrder: values.courtOrder || null,
        medication: (values.medication || null) as ReferralRequest['needs']['medication'],
        startMedication: (values.startMedication || null) as ReferralRequest['needs']['startMedication'],
        bedsForChildren: values.bedsForChildren,
        childcare: values.childcare,
        language: (values.language || null) as ReferralRequest['needs']['language'],
      },
    };
    try {
      const referral = await request<Referral>('POST', '/api/referrals', body);
      void navigate(`/planner/referrals/${referral.id}`);
    } catch (caught) {
      showServerErrors(caught, setError, SHOWN_ERRORS, fieldOf);
    }
  }

  return (
    <form
      className="card referral-form"
      onSubmit={(event) => void handleSubmit(submit)(event)}
      noValidate
      aria-labelledby="new-referral-title"
    >
      <h2 id="new-referral-title">New referral</h2>
      <p className="hint">No patient name is needed to search: only clinical needs, coverage and location.</p>

      <LevelGuide selected={level} onChoose={(chosen) => setValue('levelOfCare', chosen, { shouldValidate: true })} />
      <div className="field">
        <label htmlFor="levelOfCare">Level of care</label>
        <select id="levelOfCare" {...register('levelOfCare', { required: 'Choose a level of care' })} {...invalid('levelOfCare')}>
          {LEVELS_OF_CARE.map((option) => (
            <option key={option} value={option}>
              {levelLabel(option)}
            </option>
          ))}
        </select>
        <FieldError id="levelOfCare-error" message={errors.levelOfCare?.message} />
      </div>

      <div className="grid-2">
        <div className="field">
          <label htmlFor="patientZip">Patient’s ZIP code</label>
          <input
            id="patientZip"
            inputMode="numeric"
            autoComplete="off"
            {...invalid('patientZip')}
            {...register('patientZip', {
              required: 'Enter the five-digit ZIP code',
              pattern: { value: /^\d{5}$/, message: 'A ZIP code has five digits' },
            })}
          />
          <FieldError id="patientZip-error" message={errors.patientZip?.message} />
        </div>
        <div className="field">
          <label htmlFor="maxDistanceMiles">Within (miles)</label>
          <input
            id="maxDistanceMiles"
            type="number"
            inputMode="numeric"
            {...invalid('maxDistanceMiles')}
            {...register('maxDistanceMiles', {
              valueAsNumber: true,
              required: 'Enter a distance',
              min: { value: 1, message: 'At least 1 mile' },
              max: { value: 3000, message: 'At most 3,000 miles' },
            })}
          />
          <FieldError id="maxDistanceMiles-error" message={errors.maxDistanceMiles?.message} />
        </div>
        <div className="field">
          <label htmlFor="payer">Coverage</label>
          <select id="payer" {...register('payer')}>
            {PATIENT_PAYERS.map((option) => (
              <option key={option} value={option}>
                {PAYER_NAMES[option]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="ageYears">Age (years)</label>
          <input
            id="ageYears"
            type="number"
            inputMode="numeric"
            {...invalid('ageYears')}
            {...register('ageYears', {
              valueAsNumber: true,
              validate: (value) => (Number.isInteger(value) && value >= 0 && value <= 120) || 'Enter an age from 0 to 120 in whole years',
            })}
          />
          <FieldError id="ageYears-error" message={errors.ageYears?.message} />
        </div>
      </div>

      <fieldset className="inline">
        <legend>Gender</legend>
        {GENDERS.map((option) => (
          <label key={option} className="choice">
            <input type="radio" value={option} {...register('gender')} /> {option === 'female' ? 'Female' : 'Male'}
          </label>
        ))}
      </fieldset>

      <fieldset aria-describedby={errors.substances ? 'substances-error' : undefined}>
        <legend>Needs treatment for (at least one)</legend>
        <div className="grid-2">
          {SUBSTANCES.map((option) => (
            <label key={option} className="choice">
              <input
                type="checkbox"
                value={option}
                {...(errors.substances ? { 'aria-invalid': true } : {})}
                {...register('substances', { validate: (chosen) => (Array.isArray(chosen) && chosen.length > 0) || CHOOSE_SUBSTANCE })}
              />{' '}
              {SUBSTANCE_CHOICES[option]}
            </label>
          ))}
        </div>
        <FieldError id="substances-error" message={errors.substances?.message} />
      </fieldset>

      <fieldset>
        <legend>Needs</legend>
        {gender === 'female' && (
          <label className="choice">
            <input type="checkbox" {...register('pregnant')} /> Pregnant or postpartum
          </label>
        )}
        <label className="choice">
          <input type="checkbox" {...register('coOccurringMentalIllness')} /> Co-occurring mental illness
        </label>
        <label className="choice">
          <input type="checkbox" {...register('bedsForChildren')} /> Residential beds for the patient’s children
        </label>
        <label className="choice">
          <input type="checkbox" {...register('childcare')} /> Childcare for the patient’s children
        </label>
        <label className="choice">
          <input type="checkbox" {...register('acceptHigherLevels')} /> Also offer a more intensive level
        </label>
        <label className="choice">
          <input type="checkbox" {...register('requireAccreditation')} /> Accredited facilities only
        </label>
      </fieldset>

      <fieldset className="inline">
        <legend>Court order</legend>
        {COURT_ORDER_CHOICES.map((option) => (
          <label key={option.value} className="choice">
            <input type="radio" value={option.value} {...register('courtOrder')} /> {option.label}
          </label>
        ))}
      </fieldset>

      <div className="grid-2">
        <div className="field">
          <label htmlFor="medication">Medication to continue</label>
          <select id="medication" {...register('medication')}>
            <option value="">None</option>
            {MEDICATIONS.map((option) => (
              <option key={option} value={option}>
                {MEDICATION_LABELS[option]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="startMedication">Medication to start</label>
          <select id="startMedication" {...register('startMedication')}>
            <option value="">None</option>
            {MEDICATIONS.map((option) => (
              <option key={option} value={option}>
                {MEDICATION_LABELS[option]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="language">Care in language</label>
          <select id="language" {...register('language')}>
            <option value="">Any (English)</option>
            {LANGUAGES.filter((option) => option !== 'english').map((option) => (
              <option key={option} value={option}>
                {option.replace(/-/g, ' ')}
              </option>
            ))}
          </select>
        </div>
      </div>

      {errors.root?.message && (
        <p role="alert" className="error">
          {errors.root.message}
        </p>
      )}
      <button type="submit" disabled={isSubmitting}>
        {isSubmitting ? 'Finding beds…' : 'Find beds'}
      </button>
    </form>
  );
}
