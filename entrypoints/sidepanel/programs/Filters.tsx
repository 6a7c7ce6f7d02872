import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { languageName } from '@/lib/catalog/languages';
import { TAXONOMY } from '@/lib/catalog/taxonomy';
import type { SearchFilters } from '@/lib/catalog/search/engine';

export interface FilterState {
  category: string;
  language: string;
  cost: '' | 'free' | 'low';
  km: number;
  accessible: boolean;
  evening: boolean;
  weekend: boolean;
  remote: boolean;
  ageEligible: boolean;
  hideFull: boolean;
}

export const NO_FILTERS: FilterState = {
  category: '',
  language: '',
  cost: '',
  km: 0,
  accessible: false,
  evening: false,
  weekend: false,
  remote: false,
  ageEligible: true,
  hideFull: false,
};

export function toSearchFilters(
  f: FilterState,
  age: number | null,
  origin: { lat: number; lon: number } | null,
): SearchFilters {
  return {
    taxonomy: f.category ? [f.category] : undefined,
    languages: f.language ? [f.language] : undefined,
    free: f.cost === 'free' || undefined,
    lowCost: f.cost === 'low' || undefined,
    near: f.km && origin ? { ...origin, km: f.km, includeRemote: true } : undefined,
    accessible: f.accessible || undefined,
    schedule:
      f.evening || f.weekend
        ? [...(f.evening ? ['evening' as const] : []), ...(f.weekend ? ['weekend' as const] : [])]
        : undefined,
    delivery: f.remote ? ['phone', 'virtual'] : undefined,
    age: f.ageEligible ? age : null,
    hideFull: f.hideFull || undefined,
  };
}

const DISTANCES = [2, 5, 10, 25, 50];

export interface FiltersProps {
  value: FilterState;
  onChange: (f: FilterState) => void;
  lang: 'en' | 'fr';
  languages: readonly string[];
  /** Codes present in the catalog (external taxonomies included), with their names. */
  otherCategories: readonly { code: string; name: string }[];
  age: number | null;
  hasOrigin: boolean;
}

export function Filters({ value, onChange, lang, languages, otherCategories, age, hasOrigin }: FiltersProps) {
  const { t } = useTranslation('catalog');
  const id = useId();
  const set = <K extends keyof FilterState>(k: K, v: FilterState[K]) => onChange({ ...value, [k]: v });
  const tops = TAXONOMY.filter((x) => !x.parent);
  const check = (
    k: 'accessible' | 'evening' | 'weekend' | 'remote' | 'ageEligible' | 'hideFull',
    label: string,
  ) => (
    <label className="filter-check">
      <input type="checkbox" checked={value[k]} onChange={(e) => set(k, e.target.checked)} /> {label}
    </label>
  );
  return (
    <fieldset className="filters">
      <legend>{t('filters.legend')}</legend>
      <div className="filter-row">
        <label htmlFor={`${id}-cat`}>{t('filters.category')}</label>
        <select id={`${id}-cat`} value={value.category} onChange={(e) => set('category', e.target.value)}>
          <option value="">{t('filters.anyCategory')}</option>
          {tops.map((top) => (
            <optgroup key={top.code} label={top[lang]}>
              {top.code !== 'population' && <option value={top.code}>{top[lang]}</option>}
              {TAXONOMY.filter((c) => c.parent === top.code).map((c) => (
                <option key={c.code} value={c.code}>
                  {c[lang]}
                </option>
              ))}
            </optgroup>
          ))}
          {otherCategories.length > 0 && (
            <optgroup label="—">
              {otherCategories.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name}
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </div>
      <div className="filter-row">
        <label htmlFor={`${id}-lang`}>{t('filters.language')}</label>
        <select id={`${id}-lang`} value={value.language} onChange={(e) => set('language', e.target.value)}>
          <option value="">{t('filters.anyLanguage')}</option>
          {languages.map((l) => (
            <option key={l} value={l}>
              {languageName(l, lang)}
            </option>
          ))}
        </select>
      </div>
      <div className="filter-row">
        <label htmlFor={`${id}-cost`}>{t('card.cost')}</label>
        <select
          id={`${id}-cost`}
          value={value.cost}
          onChange={(e) => set('cost', e.target.value as FilterState['cost'])}
        >
          <option value="">—</option>
          <option value="free">{t('filters.free')}</option>
          <option value="low">{t('filters.lowCost')}</option>
        </select>
      </div>
      {hasOrigin && (
        <div className="filter-row">
          <label htmlFor={`${id}-km`}>{t('filters.distance')}</label>
          <select id={`${id}-km`} value={value.km} onChange={(e) => set('km', Number(e.target.value))}>
            <option value={0}>{t('filters.anyDistance')}</option>
            {DISTANCES.map((km) => (
              <option key={km} value={km}>
                {t('filters.withinKm', { km })}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="filter-checks">
        {check('accessible', t('filters.accessible'))}
        {check('evening', t('filters.evening'))}
        {check('weekend', t('filters.weekend'))}
        {check('remote', t('filters.remote'))}
        {age !== null && check('ageEligible', t('filters.ageEligible', { age }))}
        {check('hideFull', t('filters.hideFull'))}
      </div>
      <button type="button" className="link-button" onClick={() => onChange(NO_FILTERS)}>
        {t('filters.clear')}
      </button>
    </fieldset>
  );
}
