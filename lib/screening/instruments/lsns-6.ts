import type { AnswerOption, Instrument, Item, Text } from '../types';
import { DECLINED_OPTION, LOCAL, t } from './common';

/**
 * Lubben Social Network Scale, 6 items (Lubben et al., The Gerontologist 2006). No LOINC codes: local codes throughout.
 * Every item scored none 0 … nine or more 5; total 0–30; lower = more isolated.
 */
const answers = (): AnswerOption[] =>
  (
    [
      ['none', 'None', 'Aucun'],
      ['one', 'One', 'Un'],
      ['two', 'Two', 'Deux'],
      ['three-or-four', 'Three or four', 'Trois ou quatre'],
      ['five-thru-eight', 'Five thru eight', 'Cinq à huit'],
      ['nine-or-more', 'Nine or more', 'Neuf ou plus'],
    ] as const
  )
    .map(([code, en, fr], score): AnswerOption => ({
      value: score,
      score,
      code: { system: LOCAL.lsns6, code, display: en },
      text: t(en, fr),
    }))
    .concat(DECLINED_OPTION);

const FAMILY = t(
  'FAMILY: Considering the people to whom you are related by birth, marriage, adoption, etc.',
  'FAMILLE : En pensant aux personnes auxquelles vous êtes lié(e) par la naissance, le mariage, l’adoption, etc.',
);
const FRIENDS = t(
  'FRIENDSHIPS: Considering all of your friends including those who live in your neighbourhood',
  'AMITIÉS : En pensant à tous vos amis, y compris ceux qui vivent dans votre quartier',
);

const item = (n: number, section: Text, en: string, fr: string): Item => ({
  linkId: `lsns6-${n}`,
  code: { system: LOCAL.lsns6, code: `lsns6-${n}`, display: en },
  section,
  text: t(en, fr),
  options: answers(),
  domains: ['social-connection'],
});

export const LSNS_6: Instrument = {
  id: 'lsns-6',
  version: '1.0.0',
  title: t('Lubben Social Network Scale (LSNS-6)', 'Échelle du réseau social de Lubben (LSNS-6)'),
  shortTitle: t('LSNS-6 social network', 'Réseau social LSNS-6'),
  items: [
    item(
      1,
      FAMILY,
      'How many relatives do you see or hear from at least once a month?',
      'Combien de membres de votre famille voyez-vous, ou de combien avez-vous des nouvelles, au moins une fois par mois?',
    ),
    item(
      2,
      FAMILY,
      'How many relatives do you feel at ease with that you can talk about private matters?',
      'Avec combien de membres de votre famille vous sentez-vous assez à l’aise pour parler de choses personnelles?',
    ),
    item(
      3,
      FAMILY,
      'How many relatives do you feel close to such that you could call on them for help?',
      'De combien de membres de votre famille vous sentez-vous assez proche pour leur demander de l’aide?',
    ),
    item(
      4,
      FRIENDS,
      'How many of your friends do you see or hear from at least once a month?',
      'Combien de vos amis voyez-vous, ou de combien avez-vous des nouvelles, au moins une fois par mois?',
    ),
    item(
      5,
      FRIENDS,
      'How many friends do you feel at ease with that you can talk about private matters?',
      'Avec combien d’amis vous sentez-vous assez à l’aise pour parler de choses personnelles?',
    ),
    item(
      6,
      FRIENDS,
      'How many friends do you feel close to such that you could call on them for help?',
      'De combien d’amis vous sentez-vous assez proche pour leur demander de l’aide?',
    ),
  ],
  totals: [
    {
      key: 'lsns-6',
      title: t('LSNS-6 total score', 'Score total LSNS-6'),
      code: { system: LOCAL.lsns6, code: 'total', display: 'LSNS-6 total score' },
      items: ['lsns6-1', 'lsns6-2', 'lsns6-3', 'lsns6-4', 'lsns6-5', 'lsns6-6'],
      min: 0,
      max: 30,
    },
  ],
  translationStatus: 'project',
  citation:
    'Lubben J, Blozik E, Gillmann G, et al. Performance of an abbreviated version of the Lubben Social Network Scale among three European community-dwelling older adult populations. Gerontologist. 2006;46(4):503-513.',
};
