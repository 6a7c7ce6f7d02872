import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { DECLINED, type AnswerOption, type Instrument, type Item } from '@/lib/screening/types';
import type { DraftAnswer } from '@/lib/screening/draft';
import { TranslationNote } from './TranslationNote';

export interface QuestionItemProps {
  instrument: Instrument;
  item: Item;
  /** 1-based position within the instrument. */
  position: number;
  lang: 'en' | 'fr';
  value: DraftAnswer | undefined;
  onPick: (value: DraftAnswer) => void;
  onToggle: (option: AnswerOption) => void;
}

const selectedValues = (v: DraftAnswer | undefined): string[] =>
  Array.isArray(v) ? v : v === undefined ? [] : [String(v)];

/**
 * One question: native radios (single choice, a radiogroup) or checkboxes (multiple choice) in a fieldset whose legend
 * is the question, so screen readers announce question, answer and position. The number shown beside each answer is
 * its key; "prefer not to answer" is also 0. Picking with the mouse or arrow keys never moves on by itself.
 */
export function QuestionItem({
  instrument,
  item,
  position,
  lang,
  value,
  onPick,
  onToggle,
}: QuestionItemProps) {
  const { t } = useTranslation('screening');
  const uid = useId();
  const selected = selectedValues(value);
  const n = item.options.length;
  const noneIndex = item.options.findIndex((o) => o.exclusive && o.value !== DECLINED) + 1;
  return (
    <section
      className="screen-item"
      data-testid="screen-item"
      data-linkid={item.linkId}
      aria-labelledby={`${uid}-q`}
    >
      <p className="progress" id={`${uid}-progress`}>
        {t('progress', {
          instrument: instrument.shortTitle[lang],
          n: position,
          total: instrument.items.length,
        })}
      </p>
      <TranslationNote instrument={instrument} lang={lang} />
      {position === 1 && instrument.intro && <p className="intro">{instrument.intro[lang]}</p>}
      {item.section && <p className="section">{item.section[lang]}</p>}
      <fieldset
        role={item.multiple ? 'group' : 'radiogroup'}
        aria-labelledby={`${uid}-q`}
        aria-describedby={`${uid}-keys ${uid}-progress`}
      >
        <legend id={`${uid}-q`} className="question">
          {item.text[lang]}
        </legend>
        {item.options.map((o, i) => {
          const v = String(o.value);
          const checked = selected.includes(v);
          const key = o.value === DECLINED ? `${i + 1} / 0` : String(i + 1);
          return (
            <label
              key={v}
              className={`option${checked ? ' option-selected' : ''}${o.value === DECLINED ? ' option-declined' : ''}`}
              data-testid="screen-option"
              data-value={v}
            >
              <input
                type={item.multiple ? 'checkbox' : 'radio'}
                name={`${uid}-${item.linkId}`}
                value={v}
                checked={checked}
                onChange={() => (item.multiple ? onToggle(o) : onPick(o.value))}
              />
              <kbd aria-hidden="true">{key}</kbd>
              <span>{o.text[lang]}</span>
            </label>
          );
        })}
      </fieldset>
      <p className="keys" id={`${uid}-keys`}>
        {item.multiple ? t('keys.multi', { none: noneIndex, n }) : t('keys.single', { n })} {t('keys.move')}
      </p>
    </section>
  );
}
