import { z } from 'zod';
import type { EmrAdapter } from '@/lib/emr/adapter';
import { createConfiguredAdapter } from './adapter';

/**
 * A clinic-configured EMR adapter, as JSON (options page or enterprise policy, setting `configuredAdapters`). This
 * file is the boundary: definitions are validated here with zod (options page, background); the content script only
 * runs already-validated definitions through ./adapter.ts, which carries no zod. See docs/emr-adapters.md.
 */

// Plain CSS selectors only: no braces or angle brackets (nothing that looks like markup or a template).
const Selector = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^{}<>\\]+$/, 'must be a plain CSS selector (no { } < > or backslashes)');

export const FieldLocator = z.union(
  [
    z
      .object({
        selector: Selector,
        /** Read this attribute instead of the text (e.g. "datetime", "value", "data-hcn"). */
        attribute: z
          .string()
          .regex(/^[a-z][a-z0-9-]{0,40}$/, 'must be an attribute name such as "datetime"')
          .optional(),
      })
      .strict(),
    z
      .object({
        /** The label text shown next to the value ("DOB", "Health card #"); compared without case or trailing colon. */
        label: z.string().min(1).max(60),
        /** Which elements can be labels (default: label, th, dt, td, b, strong, span, div.label). */
        labelSelector: Selector.optional(),
      })
      .strict(),
    z
      .object({ urlParam: z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/, 'must be a query parameter name') })
      .strict(),
    z.object({ urlPart: z.literal('record') }).strict(),
  ],
  {
    error: 'must be one of { "selector": … }, { "label": … }, { "urlParam": … } or { "urlPart": "record" }',
  },
);
export type FieldLocator = z.infer<typeof FieldLocator>;

const UrlPattern = z
  .string()
  .min(10)
  .max(300)
  .regex(/^https?:\/\/[^/{}\s]+(\/[^\s]*)?$/, 'must start with http(s)://host and contain no spaces')
  .refine((s) => (s.match(/\{record\}/g) ?? []).length <= 1, '{record} may appear at most once')
  .refine((s) => !/\{(?!record\})/.test(s), 'the only placeholder is {record}');

export const ConfiguredIdentifier = z
  .object({
    kind: z.enum(['on-hcn', 'bc-phn', 'emr-record', 'mrn']),
    from: FieldLocator,
    /** MRN system URI (kind "mrn" only); defaults to urn:social-rx:mrn/<adapter id>. */
    system: z.string().min(1).max(200).optional(),
  })
  .strict()
  .refine((i) => i.system === undefined || i.kind === 'mrn', {
    message: 'system is only for kind "mrn"',
    path: ['system'],
  });

export const ConfiguredAdapterDefinition = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,23}$/, 'lower-case letters, digits and dashes, at most 24'),
    label: z.string().min(1).max(60),
    /**
     * Which pages: "https://emr.clinic.example/chart/{record}/*". `*` matches anything, `{record}` captures the record
     * number. Matched against origin + path, or the whole URL when the pattern contains "?" or "#".
     */
    urlPattern: UrlPattern,
    /** The patient banner: exactly one element must match, and every field is looked up inside it. */
    chartRoot: Selector.optional(),
    /** If this matches, the page lists several patients and no patient is reported. */
    listIndicator: Selector.optional(),
    name: FieldLocator,
    birthDate: FieldLocator.optional(),
    /** How the EMR writes birth dates. ISO and DD-MMM-YYYY are always understood. */
    dateFormat: z.enum(['YYYY-MM-DD', 'DD-MMM-YYYY', 'DD/MM/YYYY', 'MM/DD/YYYY']).default('YYYY-MM-DD'),
    sex: FieldLocator.optional(),
    identifiers: z.array(ConfiguredIdentifier).max(6).default([]),
  })
  .strict()
  .refine((d) => !JSON.stringify(d.identifiers).includes('"urlPart"') || d.urlPattern.includes('{record}'), {
    message: 'an identifier reads {record} from the URL, but urlPattern has no {record}',
    path: ['identifiers'],
  });
export type ConfiguredAdapterDefinition = z.infer<typeof ConfiguredAdapterDefinition>;

export interface ConfiguredAdapterError {
  index: number;
  /** zod's readable summary, one line per problem with its path (e.g. "✖ Invalid input → at name"). */
  message: string;
}

/** Validates clinic definitions; invalid ones are reported (never silently dropped) and the valid ones kept. */
export function parseConfiguredAdapters(list: readonly unknown[]): {
  adapters: EmrAdapter[];
  definitions: ConfiguredAdapterDefinition[];
  errors: ConfiguredAdapterError[];
} {
  const definitions: ConfiguredAdapterDefinition[] = [];
  const errors: ConfiguredAdapterError[] = [];
  list.forEach((raw, index) => {
    const parsed = ConfiguredAdapterDefinition.safeParse(raw);
    if (!parsed.success) errors.push({ index, message: z.prettifyError(parsed.error) });
    else if (definitions.some((d) => d.id === parsed.data.id))
      errors.push({ index, message: `✖ duplicate id "${parsed.data.id}"\n  → at id` });
    else definitions.push(parsed.data);
  });
  return { adapters: definitions.map(createConfiguredAdapter), definitions, errors };
}
