import { z } from 'zod';
import { DetectionResult, PatientContext } from '@/lib/patient/context';

export const PatientMessages = {
  /** content script → background: what the adapter sees on this tab's top frame now. */
  'patient.detected': {
    from: 'content',
    request: z.object({ result: DetectionResult }),
    response: z.object({ ok: z.literal(true) }),
  },
  /** content script → background: the launcher button was pressed (user gesture) → open the side panel. */
  'panel.open': {
    from: 'content',
    request: z.object({}),
    response: z.object({ ok: z.boolean() }),
  },
  /**
   * content script → background: the clinic-configured adapter definitions in force (options or policy), already
   * validated by the background so the content script needs no schema library.
   */
  'emr.configuredAdapters': {
    from: 'content',
    request: z.object({}),
    response: z.object({ definitions: z.array(z.record(z.string(), z.unknown())).max(50) }),
  },
  /**
   * side panel → background → the tab's content script: "Insert into note" at the cursor of the EMR's note field.
   * The text is the chart note the clinician sees in the panel; the EMR form is never saved by us.
   */
  'note.insert': {
    from: 'extension',
    request: z.object({ tabId: z.number().int().nonnegative(), text: z.string().min(1).max(20_000) }),
    response: z.object({ ok: z.boolean() }),
  },
  /** side panel → background: the clinician typed the minimum details because no adapter matched. */
  'patient.setManual': {
    from: 'extension',
    request: z.object({ tabId: z.number().int().nonnegative(), patient: PatientContext.nullable() }),
    response: z.object({ ok: z.literal(true) }),
  },
} as const;
