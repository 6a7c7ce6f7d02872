import type { AnswerOption, Instrument, Item } from '../types';
import { DECLINED_OPTION, la, loinc, t, YES_NO } from './common';

/**
 * AHC HRSN Screening Tool, core questions (CMS Accountable Health Communities, 2021 version as reproduced by PhenX and
 * NYeC). Wording, answer order and positive ("underlined") answers: screening-instruments.md §1. No official French
 * version was found, so the French is ours.
 */

const FOOD_ANSWERS = (): AnswerOption[] => [
  la('LA28397-0', 'Often true', 'Souvent vrai', { positive: ['food-insecurity'] }),
  la('LA6729-3', 'Sometimes true', 'Parfois vrai', { positive: ['food-insecurity'] }),
  la('LA28398-8', 'Never true', 'Jamais vrai'),
  DECLINED_OPTION,
];

/** Items 7–10 (HITS-based): scored 1–5, summed into 95614-4. */
const SAFETY_ANSWERS = (): AnswerOption[] => [
  la('LA6270-8', 'Never', 'Jamais', { score: 1 }),
  la('LA10066-1', 'Rarely', 'Rarement', { score: 2 }),
  la('LA10082-8', 'Sometimes', 'Parfois', { score: 3 }),
  la('LA16644-9', 'Fairly often', 'Assez souvent', { score: 4 }),
  la('LA6482-9', 'Frequently', 'Fréquemment', { score: 5 }),
  DECLINED_OPTION,
];

const safetyItem = (linkId: string, en: string, fr: string): Item => ({
  linkId,
  code: loinc(linkId),
  text: t(en, fr),
  options: SAFETY_ANSWERS(),
  domains: ['interpersonal-safety'],
  safety: true,
});

export const SAFETY_LINK_IDS = ['95618-5', '95617-7', '95616-9', '95615-1'] as const;
/** "Physically hurt" and "threaten with harm": any answer above Never triggers the safety pathway (De Marchis et al.). */
export const SAFETY_ANY_ABOVE_NEVER = ['95618-5', '95616-9'] as const;
export const SAFETY_NEVER = 'LA6270-8';

const items: Item[] = [
  {
    linkId: '71802-3',
    code: loinc('71802-3', 'Housing status'),
    text: t('What is your living situation today?', "Quelle est votre situation de logement aujourd'hui?"),
    options: [
      la('LA31993-1', 'I have a steady place to live', "J'ai un logement stable"),
      la(
        'LA31994-9',
        'I have a place to live today, but I am worried about losing it in the future',
        "J'ai un logement aujourd'hui, mais j'ai peur de le perdre à l'avenir",
        { positive: ['housing-instability'] },
      ),
      la(
        'LA31995-6',
        'I do not have a steady place to live (I am temporarily staying with others, in a hotel, in a shelter, living outside on the street, on a beach, in a car, abandoned building, bus or train station, or in a park)',
        "Je n'ai pas de logement stable (je suis hébergé(e) temporairement chez d'autres personnes, à l'hôtel, dans un refuge, je vis dehors dans la rue, sur une plage, dans une voiture, un bâtiment abandonné, une gare d'autobus ou de train, ou dans un parc)",
        { positive: ['homelessness'] },
      ),
      DECLINED_OPTION,
    ],
    domains: ['housing-instability', 'homelessness'],
  },
  {
    linkId: '96778-6',
    code: loinc('96778-6'),
    text: t(
      'Think about the place you live. Do you have problems with any of the following? (check all that apply)',
      "Pensez à l'endroit où vous vivez. Avez-vous des problèmes avec l'un ou l'autre des éléments suivants? (cochez tout ce qui s'applique)",
    ),
    multiple: true,
    options: [
      la(
        'LA31996-4',
        'Pests such as bugs, ants, or mice',
        'Animaux nuisibles comme des insectes, des fourmis ou des souris',
        {
          positive: ['inadequate-housing'],
        },
      ),
      la('LA28580-1', 'Mold', 'Moisissure', { positive: ['inadequate-housing'] }),
      la('LA31997-2', 'Lead paint or pipes', 'Peinture ou tuyaux contenant du plomb', {
        positive: ['inadequate-housing'],
      }),
      la('LA31998-0', 'Lack of heat', 'Manque de chauffage', { positive: ['inadequate-housing'] }),
      la('LA31999-8', 'Oven or stove not working', 'Four ou cuisinière qui ne fonctionne pas', {
        positive: ['inadequate-housing'],
      }),
      la(
        'LA32000-4',
        'Smoke detectors missing or not working',
        'Détecteurs de fumée absents ou qui ne fonctionnent pas',
        {
          positive: ['inadequate-housing'],
        },
      ),
      la('LA32001-2', 'Water leaks', "Fuites d'eau", { positive: ['inadequate-housing'] }),
      la('LA9-3', 'None of the above', 'Aucun de ces problèmes', { exclusive: true }),
      DECLINED_OPTION,
    ],
    domains: ['inadequate-housing'],
  },
  {
    linkId: '88122-7',
    code: loinc(
      '88122-7',
      'Within the past 12 months we worried whether our food would run out before we got money to buy more',
    ),
    text: t(
      'Within the past 12 months, you worried that your food would run out before you got money to buy more.',
      "Au cours des 12 derniers mois, vous avez eu peur de manquer de nourriture avant d'avoir l'argent pour en acheter.",
    ),
    options: FOOD_ANSWERS(),
    domains: ['food-insecurity'],
  },
  {
    linkId: '88123-5',
    code: loinc(
      '88123-5',
      "Within the past 12 months the food we bought just didn't last and we didn't have money to get more",
    ),
    text: t(
      "Within the past 12 months, the food you bought just didn't last and you didn't have money to get more.",
      "Au cours des 12 derniers mois, la nourriture que vous avez achetée n'a tout simplement pas duré et vous n'aviez pas d'argent pour en acheter d'autre.",
    ),
    options: FOOD_ANSWERS(),
    domains: ['food-insecurity'],
  },
  {
    linkId: '93030-5',
    code: loinc('93030-5'),
    text: t(
      'In the past 12 months, has lack of reliable transportation kept you from medical appointments, meetings, work or from getting things needed for daily living?',
      "Au cours des 12 derniers mois, le manque de transport fiable vous a-t-il empêché(e) de vous rendre à des rendez-vous médicaux, à des réunions, au travail, ou d'obtenir des choses nécessaires à la vie quotidienne?",
    ),
    options: [...YES_NO(['transportation-insecurity']), DECLINED_OPTION],
    domains: ['transportation-insecurity'],
  },
  {
    linkId: '96779-4',
    code: loinc('96779-4'),
    text: t(
      'In the past 12 months has the electric, gas, oil, or water company threatened to shut off services in your home?',
      "Au cours des 12 derniers mois, la compagnie d'électricité, de gaz, de mazout ou d'eau a-t-elle menacé de couper le service à votre domicile?",
    ),
    options: [
      ...YES_NO(['utility-insecurity']),
      la('LA32002-0', 'Already shut off', 'Service déjà coupé', { positive: ['utility-insecurity'] }),
      DECLINED_OPTION,
    ],
    domains: ['utility-insecurity'],
  },
  safetyItem(
    '95618-5',
    'How often does anyone, including family and friends, physically hurt you?',
    'À quelle fréquence quelqu’un, y compris des membres de votre famille ou des amis, vous fait-il mal physiquement?',
  ),
  safetyItem(
    '95617-7',
    'How often does anyone, including family and friends, insult or talk down to you?',
    'À quelle fréquence quelqu’un, y compris des membres de votre famille ou des amis, vous insulte-t-il ou vous rabaisse-t-il?',
  ),
  safetyItem(
    '95616-9',
    'How often does anyone, including family and friends, threaten you with harm?',
    'À quelle fréquence quelqu’un, y compris des membres de votre famille ou des amis, vous menace-t-il de vous faire du mal?',
  ),
  safetyItem(
    '95615-1',
    'How often does anyone, including family and friends, scream or curse at you?',
    'À quelle fréquence quelqu’un, y compris des membres de votre famille ou des amis, crie-t-il après vous ou vous injurie-t-il?',
  ),
];

export const AHC_HRSN_CORE: Instrument = {
  id: 'ahc-hrsn-core',
  version: '1.0.0',
  title: t(
    'AHC Health-Related Social Needs Screening Tool (core)',
    'Outil de dépistage des besoins sociaux liés à la santé AHC (questions de base)',
  ),
  shortTitle: t('AHC social needs', 'Besoins sociaux AHC'),
  panel: loinc('96777-8'),
  items,
  totals: [
    {
      key: '95614-4',
      title: t('AHC safety total score (items 7–10)', 'Score total de sécurité AHC (questions 7 à 10)'),
      code: loinc('95614-4'),
      items: SAFETY_LINK_IDS,
      min: 4,
      max: 20,
    },
  ],
  translationStatus: 'project',
  citation:
    'Centers for Medicare & Medicaid Services. Accountable Health Communities (AHC) Health-Related Social Needs (HRSN) Screening Tool.',
};
