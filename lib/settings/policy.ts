import type { z } from 'zod';
import { DEFAULT_SETTINGS, Settings, type SettingKey } from './schema';

/**
 * Pure merge of the three settings layers: safe defaults ← the user's stored values ← the clinic's enterprise policy
 * (`storage.managed`). Every layer is untrusted input and is validated key by key with the one Settings schema, so a
 * single bad value never discards the rest. Policy keys are locked (the options page shows them read-only), and an
 * invalid policy value is reported and replaced by the safe default (never by the user's value, which the
 * administrator meant to override).
 */

export type SettingsIssueCode = 'invalid' | 'unknown-setting' | 'not-an-object' | 'locked';
export interface SettingsIssue {
  /** The setting key (or the offending key, truncated, for unknown ones; '' for the whole layer). */
  key: string;
  /** English, names the rule and never the value (tokens and URLs stay out of messages). */
  message: string;
  /** For translated display: `privacy:settingsIssue.<code>`. */
  code: SettingsIssueCode;
}

export interface MergedSettings {
  settings: Settings;
  /** Keys set by policy, in schema order. */
  locked: SettingKey[];
  policyErrors: SettingsIssue[];
  /** Stored user values that failed validation and were ignored (e.g. written by an older version). */
  storedErrors: SettingsIssue[];
}

export const SETTING_KEYS = Object.keys(Settings.shape) as SettingKey[];
const KEY_SET: ReadonlySet<string> = new Set(SETTING_KEYS);
/** At most this many unknown keys are reported per layer: a hostile policy cannot flood the options page. */
const MAX_REPORTED_UNKNOWN = 20;

export function isSettingKey(key: string): key is SettingKey {
  return KEY_SET.has(key);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function own(obj: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid value';
  const path = issue.path.map(String).join('.');
  return (path ? `${path}: ${issue.message}` : issue.message).slice(0, 200);
}

/** Policy adapter definitions arrive as JSON text (see managed_schema.json); larger text is refused unparsed. */
const MAX_DEFINITION_CHARS = 100_000;

/**
 * Chrome drops undeclared properties of policy objects, so a clinic-configured adapter arrives as
 * `{ definition: "<JSON text>" }`. This turns each such entry into the parsed definition (validated later by
 * lib/emr/adapters/configured); entries without `definition` pass through unchanged.
 */
export function expandPolicyAdapters(
  value: unknown,
): { ok: true; value: unknown } | { ok: false; message: string } {
  if (!Array.isArray(value)) return { ok: true, value };
  const out: unknown[] = [];
  for (const [i, item] of value.entries()) {
    if (!isPlainObject(item) || !own(item, 'definition')) {
      out.push(item);
      continue;
    }
    const text = item.definition;
    if (typeof text !== 'string') return { ok: false, message: `${i}.definition: must be JSON text` };
    if (text.length > MAX_DEFINITION_CHARS) return { ok: false, message: `${i}.definition: too long` };
    try {
      out.push(JSON.parse(text));
    } catch {
      return { ok: false, message: `${i}.definition: not valid JSON` };
    }
  }
  return { ok: true, value: out };
}

export type SettingCheck<K extends SettingKey> =
  { ok: true; value: Settings[K] } | { ok: false; message: string };

/** Validates one value for one key with the Settings schema (the same rule for user input and policy). */
export function validateSetting<K extends SettingKey>(key: K, value: unknown): SettingCheck<K> {
  if (value === undefined) return { ok: false, message: 'missing value' };
  const parsed = Settings.shape[key].safeParse(value);
  return parsed.success
    ? { ok: true, value: parsed.data as Settings[K] }
    : { ok: false, message: describe(parsed.error) };
}

function printableKey(key: string): string {
  // Unknown keys are echoed to the administrator; keep them short and free of control characters.
  return key.replace(/[^\x20-\x7e]/g, '?').slice(0, 80);
}

function unknownKeys(layer: Record<string, unknown>): SettingsIssue[] {
  return Object.keys(layer)
    .filter((k) => !isSettingKey(k))
    .slice(0, MAX_REPORTED_UNKNOWN)
    .map((k) => ({
      key: printableKey(k),
      message: 'not a Social Rx setting',
      code: 'unknown-setting' as const,
    }));
}

/**
 * Merges defaults ← stored ← policy. `stored` and `policy` are raw records keyed by setting key (anything else is
 * tolerated and reported). Never throws.
 */
export function mergeSettings(stored: unknown, policy: unknown): MergedSettings {
  const settings: Settings = structuredClone(DEFAULT_SETTINGS);
  const put = <K extends SettingKey>(key: K, value: Settings[K]) => {
    settings[key] = value;
  };
  const locked: SettingKey[] = [];
  const policyErrors: SettingsIssue[] = [];
  const storedErrors: SettingsIssue[] = [];

  const user = isPlainObject(stored) ? stored : {};
  if (stored !== undefined && stored !== null && !isPlainObject(stored))
    storedErrors.push({ key: '', message: 'stored settings are not an object', code: 'not-an-object' });

  let managed: Record<string, unknown> = {};
  if (isPlainObject(policy)) managed = policy;
  else if (policy !== undefined && policy !== null)
    policyErrors.push({ key: '', message: 'policy is not an object', code: 'not-an-object' });

  for (const key of SETTING_KEYS) {
    if (own(managed, key)) {
      locked.push(key);
      const expanded =
        key === 'configuredAdapters'
          ? expandPolicyAdapters(managed[key])
          : { ok: true as const, value: managed[key] };
      const check = expanded.ok ? validateSetting(key, expanded.value) : expanded;
      if (check.ok) put(key, check.value);
      else policyErrors.push({ key, message: check.message, code: 'invalid' });
      continue;
    }
    if (own(user, key) && user[key] !== undefined) {
      const check = validateSetting(key, user[key]);
      if (check.ok) put(key, check.value);
      else storedErrors.push({ key, message: check.message, code: 'invalid' });
    }
  }
  policyErrors.push(...unknownKeys(managed));
  return { settings, locked, policyErrors, storedErrors };
}

export type UpdateCheck = { ok: true; values: Partial<Settings> } | { ok: false; errors: SettingsIssue[] };

/**
 * Checks a user update against the locked keys and the schema. All-or-nothing: one bad key rejects the update so the
 * options page can show every problem and nothing half-saves.
 */
export function checkSettingsUpdate(partial: unknown, locked: readonly SettingKey[]): UpdateCheck {
  if (!isPlainObject(partial))
    return { ok: false, errors: [{ key: '', message: 'update is not an object', code: 'not-an-object' }] };
  const errors: SettingsIssue[] = unknownKeys(partial);
  const values: Partial<Record<SettingKey, unknown>> = {};
  for (const key of SETTING_KEYS) {
    if (!own(partial, key) || partial[key] === undefined) continue;
    if (locked.includes(key)) {
      errors.push({ key, message: 'set by your organisation’s policy', code: 'locked' });
      continue;
    }
    const check = validateSetting(key, partial[key]);
    if (check.ok) values[key] = check.value;
    else errors.push({ key, message: check.message, code: 'invalid' });
  }
  return errors.length ? { ok: false, errors } : { ok: true, values: values as Partial<Settings> };
}
