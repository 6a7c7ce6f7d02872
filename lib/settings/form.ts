import { FIELD_GROUPS } from './fields';
import { Settings, type SettingKey } from './schema';

export type FormParse = { ok: true; values: Partial<Settings> } | { ok: false; errors: string[] };

/** Turns the options form into validated settings (only unlocked keys). Errors name the key and the rule. */
export function formToSettings(form: FormData, locked: readonly SettingKey[]): FormParse {
  const raw: Record<string, unknown> = {};
  for (const group of FIELD_GROUPS) {
    for (const { key, kind } of group.fields) {
      if (locked.includes(key)) continue;
      if (kind === 'instruments') {
        raw[key] = form.getAll(key).map(String);
        continue;
      }
      const v = form.get(key);
      if (v === null) continue;
      const s = String(v).trim();
      if (kind === 'lines')
        raw[key] = s
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean);
      else if (kind === 'number') raw[key] = s === '' ? null : Number(s);
      else raw[key] = s;
    }
  }
  const shape = Settings.partial().safeParse(raw);
  if (shape.success) {
    // zod applies defaults inside optional fields: keep only the keys the form actually carried.
    const values = Object.fromEntries(
      Object.entries(shape.data).filter(([k]) => k in raw),
    ) as Partial<Settings>;
    return { ok: true, values };
  }
  return { ok: false, errors: shape.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
}
