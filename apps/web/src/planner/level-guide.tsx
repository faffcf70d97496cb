import { LEVEL_OF_CARE_DEFINITIONS, type LevelOfCare } from '#vocabulary';
import { levelLabel } from '../format';

// The questions a planner answers at the bedside, each pointing to the level of care that serves it.
const NEEDS: readonly { level: LevelOfCare; need: string }[] = [
  { level: 'detox-hospital', need: 'Severe or unstable withdrawal: needs a hospital bed and physicians around the clock' },
  { level: 'detox-residential', need: 'Withdrawal that needs 24-hour supervision, medically stable' },
  { level: 'detox-outpatient', need: 'Mild withdrawal; can go home each day' },
  { level: 'residential-short-term', need: 'Past withdrawal; needs a 24-hour structured setting for about a month' },
  { level: 'residential-long-term', need: 'Needs a long stay (60–90 days) away from home' },
  { level: 'partial-hospitalization', need: 'Lives at home; needs treatment most of the day' },
  { level: 'intensive-outpatient', need: 'Lives at home; needs several sessions a week' },
  { level: 'opioid-treatment-program', need: 'Methadone or daily supervised opioid medication' },
];

export function LevelGuide({ selected, onChoose }: { selected: LevelOfCare; onChoose: (level: LevelOfCare) => void }) {
  const definition = LEVEL_OF_CARE_DEFINITIONS[selected];
  return (
    <div className="level-guide">
      <fieldset>
        <legend>What does the patient need now?</legend>
        {NEEDS.map(({ level, need }) => (
          <label key={level} className="choice">
            <input type="radio" name="level-guide" value={level} checked={selected === level} onChange={() => onChoose(level)} />
            <span>{need}</span>
          </label>
        ))}
      </fieldset>
      <p className="hint" aria-live="polite">
        <strong>{definition.label}</strong>: ASAM {definition.asam3.join(', ')} (3rd ed.), {definition.asam4.join(', ')} (4th ed.)
        {definition.residential ? ', overnight beds' : ', no overnight stay'}
        {definition.nextStep && definition.nextStep.length > 0 && (
          <>. Usually followed by {definition.nextStep.map(levelLabel).join(' or ').toLowerCase()}.</>
        )}
      </p>
    </div>
  );
}
