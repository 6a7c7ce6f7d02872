import { z } from 'zod';
import { SdohCategory } from '@/lib/visit/schema';
import { uuidFromString } from './ids';

/**
 * The small program taxonomy Social Rx ships with (used by the demo catalog and as the default for matching).
 * A real catalog may use another taxonomy (e.g. AIRS/211 codes, licensed separately): the need → term mapping below is
 * configurable and matches terms by `code`, so a clinic can point needs at its publisher's codes.
 */
export const TAXONOMY_ID = uuidFromString('taxonomy:social-rx-programs');
export const TAXONOMY_NAME = 'social-rx-programs';

export interface TaxonomyTermDef {
  code: string;
  en: string;
  fr: string;
  parent?: string;
}

export const TAXONOMY: readonly TaxonomyTermDef[] = [
  { code: 'food', en: 'Food', fr: 'Alimentation' },
  { code: 'food-bank', en: 'Food banks', fr: 'Banques alimentaires', parent: 'food' },
  { code: 'good-food-box', en: 'Good Food Box', fr: 'Boîte Bonne Bouffe', parent: 'food' },
  { code: 'community-meals', en: 'Community meals', fr: 'Repas communautaires', parent: 'food' },
  { code: 'community-kitchen', en: 'Community kitchens', fr: 'Cuisines collectives', parent: 'food' },
  { code: 'community-garden', en: 'Community gardens', fr: 'Jardins communautaires', parent: 'food' },
  { code: 'physical-activity', en: 'Physical activity', fr: 'Activité physique' },
  { code: 'exercise-group', en: 'Exercise groups', fr: "Groupes d'exercice", parent: 'physical-activity' },
  {
    code: 'walking-group',
    en: 'Walking and hiking groups',
    fr: 'Groupes de marche et de randonnée',
    parent: 'physical-activity',
  },
  { code: 'arts-culture', en: 'Arts and culture', fr: 'Arts et culture' },
  { code: 'arts-class', en: 'Arts classes', fr: "Cours d'arts", parent: 'arts-culture' },
  { code: 'dance-class', en: 'Dance classes', fr: 'Cours de danse', parent: 'arts-culture' },
  { code: 'music-group', en: 'Music and choirs', fr: 'Musique et chorales', parent: 'arts-culture' },
  { code: 'social-connection', en: 'Social connection', fr: 'Liens sociaux' },
  {
    code: 'befriending',
    en: 'Befriending and phone buddies',
    fr: "Jumelage amical et appels d'amitié",
    parent: 'social-connection',
  },
  {
    code: 'seniors-active-living',
    en: 'Seniors Active Living Centres',
    fr: 'Centres de vie active pour aînés',
    parent: 'social-connection',
  },
  {
    code: 'social-group',
    en: 'Social and peer groups',
    fr: 'Groupes sociaux et de pairs',
    parent: 'social-connection',
  },
  { code: 'bereavement', en: 'Bereavement support', fr: 'Soutien au deuil' },
  { code: 'volunteering', en: 'Volunteering', fr: 'Bénévolat' },
  { code: 'income-support', en: 'Income support', fr: 'Soutien du revenu' },
  { code: 'tax-clinic', en: 'Free tax clinics', fr: "Comptoirs d'impôts gratuits", parent: 'income-support' },
  { code: 'benefits-help', en: 'Benefits navigation', fr: 'Aide aux prestations', parent: 'income-support' },
  { code: 'housing', en: 'Housing help', fr: 'Aide au logement' },
  { code: 'housing-search', en: 'Housing search', fr: 'Recherche de logement', parent: 'housing' },
  {
    code: 'eviction-prevention',
    en: 'Eviction prevention and rent banks',
    fr: "Prévention des expulsions et banques d'aide au loyer",
    parent: 'housing',
  },
  {
    code: 'utility-help',
    en: 'Utility bill help',
    fr: 'Aide pour les factures d’énergie',
    parent: 'housing',
  },
  { code: 'newcomer', en: 'Newcomer support', fr: 'Soutien aux nouveaux arrivants' },
  { code: 'caregiver', en: 'Caregiver support', fr: 'Soutien aux proches aidants' },
  { code: 'youth', en: 'Youth programs', fr: 'Programmes jeunesse' },
  { code: 'transportation', en: 'Transportation', fr: 'Transport' },
  { code: 'employment', en: 'Employment and training', fr: 'Emploi et formation' },
  { code: 'education', en: 'Adult learning', fr: 'Éducation des adultes' },
  { code: 'digital-access', en: 'Digital access and skills', fr: 'Accès et compétences numériques' },
  { code: 'mental-wellbeing', en: 'Mental wellbeing and stress', fr: 'Bien-être mental et stress' },
  { code: 'safety', en: 'Safety and violence support', fr: 'Sécurité et soutien en cas de violence' },
  { code: 'health-coverage', en: 'Health coverage help', fr: 'Aide à la couverture santé' },
  { code: 'material-help', en: 'Clothing and household items', fr: 'Vêtements et articles ménagers' },
  { code: 'population', en: 'Population served', fr: 'Population desservie' },
  { code: 'black-focused', en: 'Black-focused', fr: 'Pour les communautés noires', parent: 'population' },
  { code: 'indigenous-led', en: 'Indigenous-led', fr: 'Dirigé par des Autochtones', parent: 'population' },
  { code: 'francophone', en: 'Francophone services', fr: 'Services en français', parent: 'population' },
  { code: 'older-adults', en: 'Older adults', fr: 'Aînés', parent: 'population' },
];

export const TAXONOMY_CODES: ReadonlySet<string> = new Set(TAXONOMY.map((t) => t.code));

export function termId(code: string): string {
  return uuidFromString(`taxonomy-term:${code}`);
}

/** A code or id per need. Codes are matched against `taxonomy_term.code` (case-insensitive) and ids against `id`. */
export const NeedMapping = z.record(SdohCategory, z.array(z.string().min(1).max(100)).max(50));
export type NeedMapping = z.infer<typeof NeedMapping>;

export const DEFAULT_NEED_MAPPING: Record<SdohCategory, string[]> = {
  'food-insecurity': [
    'food-bank',
    'good-food-box',
    'community-meals',
    'community-kitchen',
    'community-garden',
  ],
  'housing-instability': ['housing', 'eviction-prevention', 'housing-search'],
  homelessness: ['housing-search', 'housing', 'community-meals'],
  'inadequate-housing': ['housing', 'housing-search', 'utility-help'],
  'transportation-insecurity': ['transportation'],
  'utility-insecurity': ['utility-help'],
  'financial-insecurity': ['income-support', 'tax-clinic', 'benefits-help'],
  'social-connection': [
    'social-connection',
    'befriending',
    'seniors-active-living',
    'social-group',
    'volunteering',
    'walking-group',
    'exercise-group',
    'community-garden',
    'arts-class',
    'dance-class',
    'music-group',
  ],
  'interpersonal-safety': ['safety'],
  'employment-status': ['employment'],
  'educational-attainment': ['education'],
  'health-insurance-coverage-status': ['health-coverage'],
  'digital-access': ['digital-access'],
  'material-hardship': ['material-help', 'food-bank', 'income-support'],
  stress: ['mental-wellbeing', 'bereavement', 'caregiver'],
};

/**
 * "What matters to you" interest codes → taxonomy codes. Interests not listed here (free words) are matched by text
 * search instead, so the list only needs the common ones.
 */
export const INTEREST_TERMS: Readonly<Record<string, readonly string[]>> = {
  walking: ['walking-group'],
  hiking: ['walking-group'],
  nature: ['walking-group', 'community-garden'],
  exercise: ['exercise-group'],
  fitness: ['exercise-group'],
  'physical-activity': ['physical-activity'],
  dance: ['dance-class'],
  dancing: ['dance-class'],
  arts: ['arts-class'],
  art: ['arts-class'],
  crafts: ['arts-class'],
  music: ['music-group'],
  singing: ['music-group'],
  gardening: ['community-garden'],
  cooking: ['community-kitchen'],
  food: ['food'],
  volunteering: ['volunteering'],
  helping: ['volunteering'],
  learning: ['education'],
  reading: ['education'],
  technology: ['digital-access'],
  computers: ['digital-access'],
  socializing: ['social-group', 'seniors-active-living'],
  friends: ['befriending', 'social-group'],
  'social-connection': ['social-connection'],
  work: ['employment'],
  youth: ['youth'],
  caregiving: ['caregiver'],
  culture: ['arts-culture'],
};
