import { PatientContext } from './context';
import { parseHealthNumber } from './health-number';
import { normaliseText } from './normalise';

export type ManualResult =
  { ok: true; patient: PatientContext } | { ok: false; error: 'nameRequired' | 'healthNumberInvalid' };

/** Builds a PatientContext from the side panel's manual fallback form. Invalid health numbers are refused. */
export function manualPatient(input: {
  name: string;
  birthDate: string;
  healthNumber: string;
}): ManualResult {
  const name = normaliseText(input.name, 200);
  if (!name) return { ok: false, error: 'nameRequired' };
  const identifiers = [];
  if (input.healthNumber.trim()) {
    const id = parseHealthNumber(input.healthNumber);
    if (!id || !id.valid) return { ok: false, error: 'healthNumberInvalid' };
    identifiers.push(id);
  }
  const birthDate = /^\d{4}-\d{2}-\d{2}$/.test(input.birthDate) ? input.birthDate : null;
  return {
    ok: true,
    patient: PatientContext.parse({ displayName: name, birthDate, sex: null, identifiers, source: 'manual' }),
  };
}
