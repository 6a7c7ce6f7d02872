import { fhirError } from './outcome';

export interface Ident {
  system: string; // '' when the identifier has no system
  value: string;
}

/** Search criterion for `identifier`: `system|value`, `|value` (no system) or `value` (any system). */
export interface IdentCriterion {
  system: string | null; // null = any system
  value: string;
}

const MAX_LEN = 1024;

/** The identifiers of a resource (Identifier[] on most types, a single Identifier on QuestionnaireResponse). */
export function resourceIdentifiers(resource: Record<string, unknown>): Ident[] {
  const raw = resource.identifier;
  const list = Array.isArray(raw) ? raw : raw && typeof raw === 'object' ? [raw] : [];
  const out: Ident[] = [];
  for (const item of list) {
    if (!item || typeof item !== 'object') continue;
    const { system, value } = item as { system?: unknown; value?: unknown };
    if (typeof value !== 'string' || value === '') continue;
    out.push({ system: typeof system === 'string' ? system : '', value });
  }
  return out;
}

/** Parses a token search value (`system|value`), honouring the FHIR `\|` escape. */
export function parseTokenCriterion(raw: string, where: string): IdentCriterion {
  if (raw.length === 0 || raw.length > MAX_LEN) {
    throw fhirError(400, 'invalid', `${where}: identifier must be 1–${MAX_LEN} characters`);
  }
  let split = -1;
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === '\\') i++;
    else if (raw[i] === '|') {
      split = i;
      break;
    }
  }
  const unescape = (s: string) => s.replace(/\\([|,$\\])/g, '$1');
  if (split < 0) return { system: null, value: unescape(raw) };
  const value = unescape(raw.slice(split + 1));
  if (value === '') throw fhirError(400, 'invalid', `${where}: identifier "${raw}" has no value after "|"`);
  return { system: unescape(raw.slice(0, split)), value };
}

/**
 * Parses `request.ifNoneExist`. Only `identifier=<system>|<value>` is supported: ignoring any other criterion would
 * silently turn a conditional create into a plain one and duplicate data on retry, so anything else is refused.
 */
export function parseIfNoneExist(raw: string, where: string): IdentCriterion {
  const query = raw.startsWith('?') ? raw.slice(1) : raw;
  const parts = query.split('&').filter((p) => p !== '');
  if (parts.length !== 1) {
    throw fhirError(
      422,
      'not-supported',
      `${where}: ifNoneExist must be exactly one "identifier=system|value" criterion`,
    );
  }
  const part = parts[0]!;
  const eq = part.indexOf('=');
  const name = eq < 0 ? part : part.slice(0, eq);
  if (name !== 'identifier') {
    throw fhirError(
      422,
      'not-supported',
      `${where}: ifNoneExist parameter "${name}" is not supported; use identifier=system|value`,
    );
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(part.slice(eq + 1));
  } catch {
    throw fhirError(400, 'invalid', `${where}: ifNoneExist is not valid URL encoding`);
  }
  return parseTokenCriterion(decoded, where);
}

export function criterionMatches(c: IdentCriterion, id: Ident): boolean {
  return c.value === id.value && (c.system === null || c.system === id.system);
}

export function identKey(resourceType: string, id: Ident): string {
  return `${resourceType}\u0000${id.system}\u0000${id.value}`;
}
