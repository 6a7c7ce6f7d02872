import type { Instrument } from '../types';
import { DECLINED_OPTION, LOCAL, loinc, t } from './common';

/**
 * The Canadian poverty screening question (CFPC / Centre for Effective Practice, "Poverty: A Clinical Tool for Primary
 * Care Providers"). A case-finding question: Yes = positive → financial insecurity. Answers are 'yes' / 'no' in
 * `answers`, coded LA33-6 / LA32-8. CFPC has a French tool for Québec and New Brunswick, but its exact wording was not
 * verified (screening-instruments.md §6), so the French here is ours and labelled as such.
 */
export const POVERTY: Instrument = {
  id: 'poverty',
  version: '1.0.0',
  title: t('Poverty screening question (CFPC / CEP)', 'Question de dépistage de la pauvreté (CMFC / CEP)'),
  shortTitle: t('Poverty question', 'Question sur la pauvreté'),
  items: [
    {
      linkId: 'poverty-1',
      code: {
        system: LOCAL.poverty,
        code: 'poverty-1',
        display: 'Difficulty making ends meet at the end of the month',
      },
      text: t(
        'Do you have difficulty making ends meet at the end of the month?',
        'Avez-vous de la difficulté à joindre les deux bouts à la fin du mois?',
      ),
      options: [
        {
          value: 'yes',
          code: loinc('LA33-6', 'Yes'),
          text: t('Yes', 'Oui'),
          positive: ['financial-insecurity'],
        },
        { value: 'no', code: loinc('LA32-8', 'No'), text: t('No', 'Non') },
        DECLINED_OPTION,
      ],
      domains: ['financial-insecurity'],
    },
  ],
  totals: [],
  translationStatus: 'project',
  citation:
    'Centre for Effective Practice / College of Family Physicians of Canada. Poverty: A Clinical Tool for Primary Care Providers. Question as studied by Brcic V, et al. (PMC3268233).',
};
