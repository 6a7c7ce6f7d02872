import { describe, expect, it } from 'vitest';
import type { Bundle } from '@medplum/fhirtypes';
import { validateFhir } from '@/lib/fhir/validate';
import { buildReferralBundle } from '@/lib/referral/bundle';
import { loadReferralValidator } from '@/lib/referral/validator';
import { aRequest, screeningGroups, seqUuid } from './support/factories';

const base = () => buildReferralBundle(aRequest(), screeningGroups(), { uuid: seqUuid() });
type Mut = (b: Bundle & { entry: { resource: Record<string, unknown> }[] }) => void;
const cases: [string, Mut][] = [
  ['valid referral', () => {}],
  ['unknown element', (b) => (b.entry[0]!.resource.nickname = 'x')],
  ['wrong type', (b) => (b.entry[0]!.resource.birthDate = 19500101)],
  ['bad date format', (b) => (b.entry[0]!.resource.birthDate = '01/01/1950')],
  ['required binding (Task.status)', (b) => (b.entry.at(-1)!.resource.status = 'waiting')],
  ['required binding (gender)', (b) => (b.entry[0]!.resource.gender = 'f')],
  ['missing required element (ServiceRequest.subject)', (b) => delete b.entry.at(-2)!.resource.subject],
  [
    'too many (Task.focus as array)',
    (b) => (b.entry.at(-1)!.resource.focus = [{ reference: 'x' }, { reference: 'y' }]),
  ],
];

describe('loadReferralValidator (browser subset of the R4 definitions)', () => {
  it('gives the same verdicts as the full Node validator', async () => {
    // Subset first, while medplum's global index holds nothing else, so it proves the subset is self-sufficient.
    const subset = await loadReferralValidator();
    const mine = cases.map(([name, mutate]) => {
      const b = structuredClone(base()) as Parameters<Mut>[0];
      mutate(b);
      const r = subset(b);
      return [name, r.valid, r.issues.length > 0] as const;
    });
    const full = cases.map(([name, mutate]) => {
      const b = structuredClone(base()) as Parameters<Mut>[0];
      mutate(b);
      const r = validateFhir(b);
      return [name, r.valid, r.issues.length > 0] as const;
    });
    expect(mine).toEqual(full);
    expect(mine.filter(([, valid]) => valid).map(([n]) => n)).toEqual(['valid referral']);
  });
});
