import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseConfiguredAdapters } from '@/lib/emr/adapters/configured/schema';
import { mergeSettings } from '@/lib/settings/policy';
import { DEFAULT_SETTINGS, Settings } from '@/lib/settings/schema';

/**
 * public/managed_schema.json is the enterprise-policy contract. Chrome refuses to load the extension when this schema
 * is invalid, and silently withholds a policy value that does not conform, so it is checked against Chrome's rules
 * and against the Settings zod schema (same keys, same types, same bounds).
 */
interface JsonSchema {
  type?: unknown;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  maxItems?: number;
  [k: string]: unknown;
}

const managed = JSON.parse(readFileSync('public/managed_schema.json', 'utf8')) as JsonSchema;
const fromZod = z.toJSONSchema(Settings, { io: 'input', unrepresentable: 'any' }) as JsonSchema;

// The attributes Chrome's policy schema understands (components/policy/core/common/schema.cc); others are ignored by
// Chrome, so relying on them would be a silent no-op.
const CHROME_TYPES = new Set(['array', 'boolean', 'integer', 'null', 'number', 'object', 'string']);
const CHROME_ATTRIBUTES = new Set([
  'type',
  'title',
  'description',
  'properties',
  'items',
  'enum',
  'minimum',
  'maximum',
  'maxLength',
  'maxItems',
  'additionalProperties',
  'patternProperties',
  'pattern',
  'required',
  'id',
  '$ref',
]);

function checkChromeRules(schema: JsonSchema, path: string, errors: string[]): void {
  if (typeof schema.type !== 'string' || !CHROME_TYPES.has(schema.type))
    errors.push(`${path}: needs exactly one supported type`);
  for (const k of Object.keys(schema)) if (!CHROME_ATTRIBUTES.has(k)) errors.push(`${path}: attribute ${k}`);
  if (schema.type === 'array' && !schema.items) errors.push(`${path}: array without items`);
  // schema.cc: "Only integers can have minimum and maximum" — anything else stops the extension from loading.
  if ((schema.minimum !== undefined || schema.maximum !== undefined) && schema.type !== 'integer')
    errors.push(`${path}: minimum/maximum on a non-integer`);
  if (schema.enum && schema.type !== 'string' && schema.type !== 'integer')
    errors.push(`${path}: enum on a non-string, non-integer`);
  for (const [k, v] of Object.entries(schema.properties ?? {})) checkChromeRules(v, `${path}.${k}`, errors);
  if (schema.items) checkChromeRules(schema.items, `${path}[]`, errors);
}

const ALL_ATTRS = ['enum', 'minimum', 'maximum', 'maxLength', 'maxItems'] as const;

/** Drops zod's `null` branch and the `''` literal branch: policy leaves a key out instead. */
function mainBranch(s: JsonSchema): JsonSchema {
  if (!s.anyOf) return s;
  const rest = s.anyOf.filter((b) => b.type !== 'null' && b.const === undefined);
  expect(rest).toHaveLength(1);
  return rest[0]!;
}

/** A small validator for the subset used above: enough to check that defaults conform. */
function conforms(schema: JsonSchema, v: unknown): boolean {
  if (schema.enum && !schema.enum.includes(v)) return false;
  switch (schema.type) {
    case 'string':
      return typeof v === 'string' && v.length <= (schema.maxLength ?? Infinity);
    case 'integer':
    case 'number':
      return (
        typeof v === 'number' &&
        (schema.type === 'number' || Number.isInteger(v)) &&
        v >= (schema.minimum ?? -Infinity) &&
        v <= (schema.maximum ?? Infinity)
      );
    case 'array':
      return (
        Array.isArray(v) &&
        v.length <= (schema.maxItems ?? Infinity) &&
        v.every((x) => conforms(schema.items!, x))
      );
    case 'object':
      return typeof v === 'object' && v !== null;
    default:
      return false;
  }
}

describe('managed_schema.json', () => {
  it('declares exactly the keys of the Settings schema', () => {
    expect(Object.keys(managed.properties ?? {}).sort()).toEqual(Object.keys(Settings.shape).sort());
  });

  it('follows Chrome policy-schema rules (top-level object, one type per schema, known attributes)', () => {
    expect(managed.type).toBe('object');
    expect(managed).not.toHaveProperty('additionalProperties');
    expect(managed).not.toHaveProperty('patternProperties');
    const errors: string[] = [];
    checkChromeRules(managed, '$', errors);
    expect(errors).toEqual([]);
  });

  it.each(Object.keys(Settings.shape))('%s has the zod type and bounds', (key) => {
    const m = managed.properties![key]!;
    const zs = mainBranch(fromZod.properties![key]!);
    expect(m.type).toBe(zs.type);
    // Chrome cannot express a range on a `number`: the extension's zod check enforces it (see policy.ts).
    const attrs = zs.type === 'number' ? (['enum', 'maxLength', 'maxItems'] as const) : ALL_ATTRS;
    for (const attr of attrs) expect([attr, m[attr]]).toEqual([attr, zs[attr]]);
    if (zs.type === 'array' && key !== 'configuredAdapters') {
      for (const attr of ['type', 'enum', 'maxLength'] as const)
        expect([attr, m.items?.[attr]]).toEqual([attr, zs.items?.[attr]]);
    }
  });

  it('configuredAdapters entries carry the definition as JSON text (Chrome drops undeclared properties)', () => {
    const items = managed.properties!.configuredAdapters!.items!;
    expect(items.type).toBe('object');
    expect(items.properties?.definition?.type).toBe('string');
  });

  it('every non-null default conforms to the policy schema, and a value breaking a bound does not', () => {
    for (const [key, value] of Object.entries(DEFAULT_SETTINGS)) {
      if (value === null) continue;
      expect([key, conforms(managed.properties![key]!, value)]).toEqual([key, true]);
    }
    expect(conforms(managed.properties!.draftRetentionHours!, 73)).toBe(false);
    expect(conforms(managed.properties!.enabledInstruments!, ['phq-9'])).toBe(false);
  });

  it('the ranges Chrome cannot check on numbers are enforced by the extension', () => {
    expect(Settings.shape.clinicLatitude.safeParse(91).success).toBe(false);
    expect(Settings.shape.clinicLongitude.safeParse(-181).success).toBe(false);
  });
});

describe('docs/enterprise-policy.md', () => {
  const doc = readFileSync('docs/enterprise-policy.md', 'utf8');
  const jsonBlocks = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map(
    (m) => JSON.parse(m[1]!) as Record<string, unknown>,
  );

  it('the Linux policy file example is valid: every value accepted, the adapter definition parses', () => {
    const file = jsonBlocks.find((b) => '3rdparty' in b)!;
    const policy = (file['3rdparty'] as { extensions: Record<string, unknown> }).extensions['<extension-id>'];
    const merged = mergeSettings({}, policy);
    expect(merged.policyErrors).toEqual([]);
    expect(merged.locked.length).toBeGreaterThan(5);
    const adapters = parseConfiguredAdapters(merged.settings.configuredAdapters);
    expect(adapters.errors).toEqual([]);
    expect(adapters.definitions.map((d) => d.id)).toEqual(['clinic-emr']);
    const ext = (file.ExtensionSettings as Record<string, Record<string, unknown>>)['<extension-id>']!;
    expect(ext.runtime_blocked_hosts).toEqual(['*://*']);
    expect(ext.runtime_allowed_hosts).toContain('https://emr.clinic.example');
  });

  it('every key the document names in policy examples is a setting', () => {
    const named = [...doc.matchAll(/^"(\w+)"=/gm)]
      .map((m) => m[1]!)
      .filter((k) => k !== 'ExtensionSettings' && !/^\d+$/.test(k));
    expect(named.length).toBeGreaterThan(5);
    for (const k of named) expect(Object.keys(Settings.shape)).toContain(k);
  });
});
