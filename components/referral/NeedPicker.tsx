import { useTranslation } from 'react-i18next';
import { SdohCategory } from '@/lib/visit/schema';

/** Needs clinic staff can mark directly. Safety is not one: it goes to the clinician's safety protocol. */
export const QUICK_NEED_OPTIONS: readonly SdohCategory[] = SdohCategory.options.filter(
  (n) => n !== 'interpersonal-safety',
);

/** Compact toggle buttons (one click per need) for the quick path. Test ids: quick-need (data-need, aria-pressed). */
export function NeedPicker({
  selected,
  onToggle,
}: {
  selected: readonly SdohCategory[];
  onToggle: (need: SdohCategory) => void;
}) {
  const { t } = useTranslation('referral');
  return (
    <div className="need-picker" role="group" aria-label={t('needs.quickHint')}>
      {QUICK_NEED_OPTIONS.map((need) => {
        const on = selected.includes(need);
        return (
          <button
            key={need}
            type="button"
            className={on ? 'chip chip-on' : 'chip'}
            aria-pressed={on}
            data-testid="quick-need"
            data-need={need}
            onClick={() => onToggle(need)}
          >
            {t(`need.${need}`)}
          </button>
        );
      })}
    </div>
  );
}
