import type { AnswerOption, Instrument } from '../types';
import { DECLINED_OPTION, la, loinc, t } from './common';

/**
 * Hunger Vital Sign (Hager et al., Pediatrics 2010; Children's HealthWatch). Wording with "we" as the IG gives it;
 * answers include the instrument's own "Don't know/refused" (scored as data-absent) before our "prefer not to answer".
 * Rule: "often true" or "sometimes true" to either or both questions = at risk (screening-instruments.md §2).
 */
const answers = (): AnswerOption[] => [
  la('LA28397-0', 'Often true', 'Souvent vrai', { positive: ['food-insecurity'] }),
  la('LA6729-3', 'Sometimes true', 'Parfois vrai', { positive: ['food-insecurity'] }),
  la('LA28398-8', 'Never true', 'Jamais vrai'),
  la('LA15775-2', "Don't know/refused", 'Ne sait pas / refuse de répondre', { dataAbsent: true }),
  DECLINED_OPTION,
];

export const HVS_RISK = loinc('88124-3', 'Food insecurity risk [HVS]');
export const HVS_AT_RISK = loinc('LA19952-3', 'At risk');
export const HVS_NO_RISK = loinc('LA19983-8', 'No risk');

export const HUNGER_VITAL_SIGN: Instrument = {
  id: 'hunger-vital-sign',
  version: '1.0.0',
  title: t('Hunger Vital Sign', 'Signe vital de la faim (Hunger Vital Sign)'),
  shortTitle: t('Hunger Vital Sign', 'Signe vital de la faim'),
  panel: loinc('88121-9'),
  items: [
    {
      linkId: '88122-7',
      code: loinc(
        '88122-7',
        'Within the past 12 months we worried whether our food would run out before we got money to buy more',
      ),
      text: t(
        'Within the past 12 months we worried whether our food would run out before we got money to buy more',
        "Au cours des 12 derniers mois, nous avons eu peur de manquer de nourriture avant d'avoir l'argent pour en acheter",
      ),
      options: answers(),
      domains: ['food-insecurity'],
    },
    {
      linkId: '88123-5',
      code: loinc(
        '88123-5',
        "Within the past 12 months the food we bought just didn't last and we didn't have money to get more",
      ),
      text: t(
        "Within the past 12 months the food we bought just didn't last and we didn't have money to get more",
        "Au cours des 12 derniers mois, la nourriture que nous avons achetée n'a tout simplement pas duré et nous n'avions pas d'argent pour en acheter d'autre",
      ),
      options: answers(),
      domains: ['food-insecurity'],
    },
  ],
  totals: [],
  translationStatus: 'project',
  citation:
    'Hager ER, Quigg AM, Black MM, et al. Development and validity of a 2-item screen to identify families at risk for food insecurity. Pediatrics. 2010;126(1):e26-32.',
};
