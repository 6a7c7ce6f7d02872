import type { DetectionResult } from '@/lib/patient/context';

/**
 * An EMR adapter reads the current patient from one EMR's pages. Adapters are pure: they take the document and URL
 * they should read (never `window` globals), read a fixed allow-list of fields, and never write to the page.
 */
export interface EmrAdapter {
  /** Stable id, also used as the identifier system suffix for EMR record numbers (e.g. 'oscar'). */
  readonly id: string;
  /** Human label for options and the side panel. */
  readonly label: string;
  /** True when this URL (and, if needed, cheap document probes) belongs to this EMR. Must be fast. */
  matches(url: URL, doc: Document): boolean;
  /** Reads the patient. Must never guess: ambiguity → `{ status: 'none', reason }`. */
  detect(url: URL, doc: Document): DetectionResult;
  /**
   * Nodes whose every change matters, observed fully (text and attributes included): other documents (OpenEMR reads
   * the top document but the patient switch happens in an iframe) or the top-document elements the adapter reads
   * (the banner). When it returns top-document elements, the rest of the document is watched for structure only, at
   * a bounded rate (lib/emr/watch.ts). Optional.
   */
  observedRoots?(doc: Document): Node[];
  /**
   * The EMR's encounter-note field, for "Insert into note" (text goes in at the cursor; the EMR form is never saved).
   * Only for EMRs whose note field we know.
   */
  noteField?(doc: Document): HTMLTextAreaElement | null;
}
