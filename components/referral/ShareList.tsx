import { useTranslation } from 'react-i18next';
import { getInstrument } from '@/lib/screening';
import { isSafetyNeed } from '@/lib/referral/request';
import { isShared, type ShareItem } from '@/lib/referral/share';

function instrumentName(id: string, lang: string): string {
  try {
    return getInstrument(id).shortTitle[lang === 'fr' ? 'fr' : 'en'];
  } catch {
    return id;
  }
}

/**
 * "What will be shared": every item the patient may refuse, ticked by the minimum-necessary default. The name is
 * always shared (shown, not tickable). Test ids: share-list, share-item (data-key, checkbox name="share").
 */
export function ShareList({
  items,
  overrides,
  contactMethod,
  onChange,
}: {
  items: readonly ShareItem[];
  overrides: Readonly<Record<string, boolean>>;
  contactMethod: string;
  onChange: (key: string, shared: boolean) => void;
}) {
  const { t, i18n } = useTranslation('referral');
  const label = (item: ShareItem): string => {
    switch (item.kind) {
      case 'need':
        return t('share.need', { need: t(`need.${item.need}`) });
      case 'screening':
        return t('share.screening', {
          instrument: instrumentName(item.screening.instrumentId, i18n.language),
          date: item.screening.completedAt.slice(0, 10),
        });
      case 'goal':
        return t('share.goal', { goal: item.goal });
      case 'barrier':
        return t('share.barrier', { barrier: t(`barrier.${item.barrier}`) });
      case 'program':
        return t('share.program', { program: item.program.name });
      default:
        return item.key === 'contact'
          ? t('share.contact', { method: contactMethod })
          : t(`share.${item.key}`);
    }
  };
  const safetyOn = isShared({ key: 'safety', kind: 'flag' }, overrides);
  return (
    <fieldset className="share-list" data-testid="share-list" aria-describedby="share-intro">
      <legend>{t('share.legend')}</legend>
      <p id="share-intro" className="hint">
        {t('share.intro')}
      </p>
      <ul>
        <li>
          <label>
            <input type="checkbox" checked disabled /> {t('share.name')}
          </label>
        </li>
        {items.map((item) => {
          const safetyRow = item.key === 'safety';
          const lockedSafetyNeed = item.kind === 'need' && isSafetyNeed(item.need) && !safetyOn;
          return (
            <li key={item.key} className={safetyRow ? 'share-safety' : undefined}>
              <label>
                <input
                  type="checkbox"
                  name="share"
                  value={item.key}
                  data-testid="share-item"
                  data-key={item.key}
                  checked={isShared(item, overrides)}
                  disabled={lockedSafetyNeed}
                  onChange={(e) => onChange(item.key, e.target.checked)}
                />{' '}
                {label(item)}
              </label>
              {safetyRow && !safetyOn && <p className="hint">{t('share.safetyOff')}</p>}
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
