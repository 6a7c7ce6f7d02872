import { useTranslation } from 'react-i18next';
import type { SdohCategory } from '@/lib/visit/schema';

export interface NeedEntry {
  need: SdohCategory;
  /** From a screen (shown as "possible need — discuss"), or only marked by the clinician. */
  possible: boolean;
}

/**
 * Possible needs are never shown as diagnoses: each reads "possible need — discuss", and only the needs the clinician
 * ticks (agreed with the patient) are acted on. Number keys 1–9 tick the nth need (handled by the screen).
 */
export function PossibleNeeds({
  entries,
  confirmed,
  onToggle,
}: {
  entries: readonly NeedEntry[];
  confirmed: readonly SdohCategory[];
  onToggle: (need: SdohCategory) => void;
}) {
  const { t } = useTranslation('screening');
  if (!entries.length) return <p>{t('results.none')}</p>;
  return (
    <ul className="needs">
      {entries.map(({ need, possible }, i) => (
        <li key={need} {...(possible ? { 'data-testid': 'possible-need', 'data-domain': need } : {})}>
          {possible && <span className="badge badge-possible">{t('results.possibleNeed')}</span>}
          <label className="need-confirm">
            <input
              type="checkbox"
              data-testid="confirm-need"
              data-domain={need}
              checked={confirmed.includes(need)}
              onChange={() => onToggle(need)}
            />
            {i < 9 && <kbd aria-hidden="true">{i + 1}</kbd>}
            <span>{t('results.confirm', { need: t(`domain.${need}`) })}</span>
          </label>
        </li>
      ))}
    </ul>
  );
}
