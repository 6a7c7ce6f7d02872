import { describe, expect, it } from 'vitest';
import { validateFhir } from '@/lib/fhir/validate';
import { buildReferralBundle } from '@/lib/referral/bundle';
import { loadReferralValidator } from '@/lib/referral/validator';
import { aRequest, screeningGroups, seqUuid } from './support/factories';

const base = () => buildReferralBundle(aRequest(), screeningGroups(), { uuid: seqUuid() });
type Mut = (b: { entry: { resource: Record<string, unknown> }[] }) => void;
const last = (b: Parameters<Mut>[0], back: number) => b.entry[b.entry.length - back]!.resource;
const cases: [string, Mut][] = [
  ['valid referral', () => {}],
  ['unknown element', (b) => (b.entry[0]!.resource.nickname = 'x')],
  ['wrong type', (b) => (b.entry[0]!.resource.birthDate = 19500101)],
  ['bad date format', (b) => (b.entry[0]!.resource.birthDate = '01/01/1950')],
  ['required binding (Task.status)', (b) => (last(b, 1).status = 'waiting')],
  ['required binding (gender)', (b) => (b.entry[0]!.resource.gender = 'f')],
  ['missing required element (ServiceRequest.subject)', (b) => delete last(b, 2).subject],
  ['too many (Task.focus as array)', (b) => (last(b, 1).focus = [{ reference: 'x' }, { reference: 'y' }])],
];

describe('loadReferralValidator (browser subset of the R4 definitions)', () => {
  it('gives the same verdicts as the full Node validator', async () => {
    // Subset first, while medplum's global index holds nothing else, so it proves the subset is self-sufficient.
    const subset = await loadReferralValidator();
    const mine = cases.map(([name, mutate]) => {
      const b = structuredClone(base()) as unknown as Parameters<Mut>[0];
      mutate(b);
      const r = subset(b);
      return [name, r.valid, r.issues.length > 0] as const;
    });
    const full = cases.map(([name, mutate]) => {
      const b = structuredClone(base()) as unknown as Parameters<Mut>[0];
      mutate(b);
      const r = validateFhir(b);
      return [name, r.valid, r.issues.length > 0] as const;
    });
    expect(mine).toEqual(full);
    expect(mine.filter(([, valid]) => valid).map(([n]) => n)).toEqual(['valid referral']);
  }, 60_000); // loads two sets of R4 definitions
});
