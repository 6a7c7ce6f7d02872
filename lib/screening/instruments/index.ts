import type { Instrument, InstrumentId } from '../types';
import { AHC_HRSN_CORE } from './ahc-hrsn-core';
import { AHC_FINANCIAL_STRAIN, AHC_LONELINESS } from './ahc-supplemental';
import { HUNGER_VITAL_SIGN } from './hunger-vital-sign';
import { LSNS_6 } from './lsns-6';
import { POVERTY } from './poverty';
import { UCLA_3 } from './ucla-3';

export { AHC_HRSN_CORE, AHC_FINANCIAL_STRAIN, AHC_LONELINESS, HUNGER_VITAL_SIGN, LSNS_6, POVERTY, UCLA_3 };

export const INSTRUMENTS: Readonly<Record<InstrumentId, Instrument>> = {
  'ahc-hrsn-core': AHC_HRSN_CORE,
  'hunger-vital-sign': HUNGER_VITAL_SIGN,
  'ucla-3': UCLA_3,
  'lsns-6': LSNS_6,
  poverty: POVERTY,
  'ahc-financial-strain': AHC_FINANCIAL_STRAIN,
  'ahc-loneliness': AHC_LONELINESS,
};

/**
 * Settings' `enabledInstruments` uses one id, 'ahc-supplemental', for both supplemental items; expand it here.
 */
export function instrumentsEnabled(enabled: readonly string[]): InstrumentId[] {
  const out = new Set<InstrumentId>();
  for (const id of enabled) {
    if (id === 'ahc-supplemental') {
      out.add('ahc-financial-strain');
      out.add('ahc-loneliness');
    } else if (Object.hasOwn(INSTRUMENTS, id)) out.add(id as InstrumentId);
  }
  return [...out];
}
