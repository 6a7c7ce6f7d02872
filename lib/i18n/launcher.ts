/**
 * The content script's only strings. They live outside the i18next bundles because the content script must stay
 * under 10 KB gzipped; tests/unit/i18n.test.ts checks both languages are present.
 */
export const LAUNCHER_LABELS = {
  en: { label: 'Social Rx', title: 'Open Social Rx: screen, find programs, refer' },
  fr: { label: 'Social Rx', title: 'Ouvrir Social Rx : dépister, trouver des programmes, orienter' },
} as const;
