import type { EmrAdapter } from './adapter';
import type { DetectionResult } from '@/lib/patient/context';
import { demoAdapter } from './adapters/demo/adapter';
import { junoAdapter } from './adapters/juno/adapter';
import { medplumAdapter } from './adapters/medplum/adapter';
import { openemrAdapter } from './adapters/openemr/adapter';
import { openmrsAdapter } from './adapters/openmrs/adapter';
import { openoAdapter } from './adapters/openo/adapter';
import { oscarAdapter } from './adapters/oscar/adapter';

/**
 * Built-in adapters. Their matches() are disjoint (checked by lib/emr/fixtures.test.ts), so the order only matters
 * for speed. Clinic-configured adapters are passed as `extra` and are tried first: an explicit clinic definition wins.
 */
export const ADAPTERS: EmrAdapter[] = [
  demoAdapter,
  oscarAdapter,
  openoAdapter,
  junoAdapter,
  openemrAdapter,
  openmrsAdapter,
  medplumAdapter,
];

/** The adapter that claims this page, if any (clinic-configured ones first). Never throws. */
export function pickAdapter(url: URL, doc: Document, extra: EmrAdapter[] = []): EmrAdapter | null {
  for (const list of [extra, ADAPTERS])
    for (const a of list) {
      try {
        if (a.matches(url, doc)) return a;
      } catch {
        // A broken matcher must not hide the other adapters.
      }
    }
  return null;
}

/**
 * Who is the patient on this page? The first adapter whose matches() is true decides. Never throws: an adapter that
 * fails reports 'invalid' (hostile or unexpected markup), so the side panel can say why it shows no patient.
 */
export function detectPatient(url: URL, doc: Document, extra: EmrAdapter[] = []): DetectionResult {
  return detectWith(pickAdapter(url, doc, extra), url, doc);
}

/** detectPatient for an adapter already picked (watchPatient picks once per pass). Never throws. */
export function detectWith(adapter: EmrAdapter | null, url: URL, doc: Document): DetectionResult {
  if (!adapter) return { status: 'none', reason: 'no-adapter' };
  try {
    return adapter.detect(url, doc);
  } catch {
    return { status: 'none', reason: 'invalid', adapter: adapter.id.slice(0, 40) };
  }
}
