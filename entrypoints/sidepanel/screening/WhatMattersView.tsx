import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  BARRIERS,
  INTEREST_CODES,
  LANGUAGE_CHOICES,
  MAX_GOALS,
  normaliseLanguage,
  toggleIn,
  updateWhatMatters,
} from '@/lib/screening/what-matters';
import type { WhatMatters } from '@/lib/visit/schema';

function languageLabel(code: string, lang: 'en' | 'fr'): string {
  try {
    return new Intl.DisplayNames([lang === 'fr' ? 'fr-CA' : 'en-CA'], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

const OTHER = 'other';

/**
 * "What matters to you": strengths, not only deficits. Every change is saved into the visit at once (field caps are
 * enforced by maxLength, so nothing is cut silently); the referral and program matching read it from there.
 */
export function WhatMattersView({
  value,
  lang,
  focusTick,
  onChange,
  onDone,
}: {
  value: WhatMatters;
  lang: 'en' | 'fr';
  focusTick: number;
  onChange: (v: WhatMatters) => void;
  onDone: () => void;
}) {
  const { t } = useTranslation('screening');
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [focusTick]);
  const [goals, setGoals] = useState<string[]>(() => {
    const g = [...value.goals];
    while (g.length < Math.min(MAX_GOALS, Math.max(2, value.goals.length + 1))) g.push('');
    return g;
  });
  const known = (LANGUAGE_CHOICES as readonly string[]).includes(value.preferredLanguage);
  const [choice, setChoice] = useState(
    value.preferredLanguage === '' || known ? value.preferredLanguage : OTHER,
  );
  const [otherText, setOtherText] = useState(known ? '' : value.preferredLanguage);
  const [langError, setLangError] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const patch = (p: Partial<WhatMatters>) => {
    const r = updateWhatMatters(value, p);
    if (r.ok) {
      setError(null);
      onChange(r.value);
    } else setError(r.field);
  };
  const setGoal = (i: number, text: string) => {
    const next = goals.map((g, j) => (j === i ? text : g));
    if (i === next.length - 1 && text && next.length < MAX_GOALS) next.push('');
    setGoals(next);
    patch({ goals: next.map((g) => g.trim()).filter(Boolean) });
  };
  const setOther = (text: string) => {
    setOtherText(text);
    const code = normaliseLanguage(text);
    setLangError(code === null);
    if (code !== null) patch({ preferredLanguage: code });
  };

  return (
    <form
      className="what-matters"
      data-testid="what-matters"
      aria-labelledby="wm-title"
      onSubmit={(e) => {
        e.preventDefault();
        onDone();
      }}
    >
      <h2 id="wm-title" ref={heading} tabIndex={-1}>
        {t('whatMatters.title')}
      </h2>
      <p className="hint">{t('whatMatters.note')}</p>

      <fieldset>
        <legend>{t('whatMatters.whatMatters')}</legend>
        <p className="hint">{t('whatMatters.goals')}</p>
        {goals.map((g, i) => (
          <label key={i}>
            {t('whatMatters.goalN', { n: i + 1 })}
            <input
              name={`goal-${i + 1}`}
              value={g}
              maxLength={200}
              autoComplete="off"
              onChange={(e) => setGoal(i, e.target.value)}
            />
          </label>
        ))}
      </fieldset>

      <fieldset className="checks">
        <legend>{t('whatMatters.interests')}</legend>
        {INTEREST_CODES.map((code) => (
          <label key={code} className="check">
            <input
              type="checkbox"
              name="interest"
              value={code}
              checked={value.interests.includes(code)}
              onChange={() => patch({ interests: toggleIn(value.interests, code) })}
            />
            {t(`interest.${code}`)}
          </label>
        ))}
        <label>
          {t('whatMatters.interestsOther')}
          <input
            name="interestsText"
            value={value.interestsText}
            maxLength={500}
            autoComplete="off"
            onChange={(e) => patch({ interestsText: e.target.value })}
          />
        </label>
      </fieldset>

      <label>
        {t('whatMatters.strengths')}
        <textarea
          name="strengths"
          value={value.strengths}
          maxLength={500}
          rows={2}
          onChange={(e) => patch({ strengths: e.target.value })}
        />
      </label>

      <fieldset className="checks">
        <legend>{t('whatMatters.barriers')}</legend>
        {BARRIERS.map((b) => (
          <label key={b} className="check">
            <input
              type="checkbox"
              name="barrier"
              value={b}
              checked={value.barriers.includes(b)}
              onChange={() => patch({ barriers: toggleIn(value.barriers, b) })}
            />
            {t(`barrier.${b}`)}
          </label>
        ))}
      </fieldset>

      <label>
        {t('whatMatters.language')}
        <select
          name="preferredLanguage"
          value={choice}
          onChange={(e) => {
            const v = e.target.value;
            setChoice(v);
            if (v === OTHER) setOther(otherText);
            else {
              setLangError(false);
              patch({ preferredLanguage: v });
            }
          }}
        >
          <option value="">{t('whatMatters.notAsked')}</option>
          {LANGUAGE_CHOICES.map((c) => (
            <option key={c} value={c}>
              {languageLabel(c, lang)}
            </option>
          ))}
          <option value={OTHER}>{t('whatMatters.languageOther')}</option>
        </select>
      </label>
      {choice === OTHER && (
        <label>
          {t('whatMatters.languageOther')}
          <input
            name="preferredLanguageOther"
            value={otherText}
            maxLength={10}
            autoComplete="off"
            aria-invalid={langError}
            aria-describedby={langError ? 'wm-lang-error' : undefined}
            onChange={(e) => setOther(e.target.value)}
          />
          {langError && (
            <span id="wm-lang-error" className="error">
              {t('whatMatters.languageInvalid')}
            </span>
          )}
        </label>
      )}

      <label>
        {t('whatMatters.postalCode')}
        <input
          name="postalCode"
          value={value.postalCode}
          maxLength={7}
          autoComplete="off"
          onChange={(e) => patch({ postalCode: e.target.value.toUpperCase() })}
        />
      </label>

      {error && (
        <p role="alert" className="error">
          {t('whatMatters.tooLong')}
        </p>
      )}
      <button type="submit" className="primary">
        {t('whatMatters.done')}
      </button>
    </form>
  );
}
