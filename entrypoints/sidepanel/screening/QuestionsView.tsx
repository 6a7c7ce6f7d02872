import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { QuestionItem } from '@/components/screening/QuestionItem';
import { INSTRUMENTS } from '@/lib/screening/instruments';
import { currentAnswer, currentInstrumentId, currentItem } from '@/lib/screening/flow';
import type { DraftAnswer, ScreeningDraft } from '@/lib/screening/draft';
import type { AnswerOption } from '@/lib/screening/types';
import { formatWhen } from './HomeView';
import type { Notice } from './state';

export interface QuestionsViewProps {
  draft: ScreeningDraft;
  lang: 'en' | 'fr';
  notice: Notice;
  focusTick: number;
  onPick: (v: DraftAnswer) => void;
  onToggle: (o: AnswerOption) => void;
  onNext: () => void;
  onBack: () => void;
  onPause: () => void;
}

/**
 * The current question. Focus goes to its selected (or first) answer whenever the question changes, so the next key
 * press lands here and a screen reader reads the new question.
 */
export function QuestionsView(p: QuestionsViewProps) {
  const { t } = useTranslation('screening');
  const box = useRef<HTMLDivElement>(null);
  const instrument = INSTRUMENTS[currentInstrumentId(p.draft)];
  const item = currentItem(p.draft);
  const value = currentAnswer(p.draft);
  useEffect(() => {
    const inputs = [...(box.current?.querySelectorAll<HTMLInputElement>('input') ?? [])];
    (inputs.find((i) => i.checked) ?? inputs[0])?.focus();
  }, [p.focusTick, item.linkId]);
  return (
    <div ref={box} className="questions">
      {p.notice === 'resumed' && (
        <p className="notice" role="status">
          {t('resumed', { time: formatWhen(p.draft.startedAt, p.lang) })}
        </p>
      )}
      <QuestionItem
        key={`${instrument.id}/${item.linkId}`}
        instrument={instrument}
        item={item}
        position={p.draft.at.item + 1}
        lang={p.lang}
        value={value}
        onPick={p.onPick}
        onToggle={p.onToggle}
      />
      <p className="notice" role="status" aria-live="polite">
        {p.notice === 'answer-required' ? t('answerRequired') : ''}
      </p>
      <div className="nav-buttons">
        <button
          type="button"
          onClick={p.onBack}
          disabled={p.draft.at.instrument === 0 && p.draft.at.item === 0}
        >
          {t('back')}
        </button>
        <button type="button" className="primary" onClick={p.onNext}>
          {t('next')}
        </button>
        <button type="button" onClick={p.onPause}>
          {t('pause')}
        </button>
      </div>
      <p className="keys">{t('keys.pointer')}</p>
    </div>
  );
}
