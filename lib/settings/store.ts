import { browser } from 'wxt/browser';
import { log } from '@/lib/platform/log';
import { checkSettingsUpdate, isSettingKey, mergeSettings, type SettingsIssue } from './policy';
import type { SettingKey, Settings } from './schema';

/**
 * Settings persistence. User values live in `storage.local`, one item per key under `settings.<key>` (so a save is
 * one atomic `set` and two contexts saving different keys never overwrite each other). Clinic policy is read from
 * `storage.managed` (enterprise policy, read-only). The merge rules are in ./policy.ts.
 */

export const STORED_PREFIX = 'settings.';

export interface LoadedSettings {
  settings: Settings;
  locked: SettingKey[];
  policyErrors: SettingsIssue[];
  storedErrors: SettingsIssue[];
}

/** A save that was refused: every issue is listed, nothing was written. */
export class SettingsUpdateError extends Error {
  override name = 'SettingsUpdateError';
  constructor(readonly issues: SettingsIssue[]) {
    super(issues.map((i) => (i.key ? `${i.key}: ${i.message}` : i.message)).join('; '));
  }
}

async function readStored(): Promise<Record<string, unknown>> {
  const all = await browser.storage.local.get(null);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(all)) {
    if (!k.startsWith(STORED_PREFIX)) continue;
    const key = k.slice(STORED_PREFIX.length);
    // Only known keys are copied, so a stored '__proto__' item cannot reach a prototype.
    if (isSettingKey(key)) out[key] = v;
  }
  return out;
}

async function readPolicy(): Promise<unknown> {
  try {
    return await browser.storage.managed.get(null);
  } catch {
    // Firefox without a managed-storage manifest, or no policy support: no policy, not an error.
    return {};
  }
}

/** defaults ← user values ← policy. Never throws on bad stored data or bad policy: it reports them. */
export async function loadSettings(): Promise<LoadedSettings> {
  const [stored, policy] = await Promise.all([readStored(), readPolicy()]);
  const merged = mergeSettings(stored, policy);
  for (const e of merged.policyErrors) log('warn', 'settings.policy-invalid', { key: e.key, code: e.code });
  for (const e of merged.storedErrors) log('warn', 'settings.stored-invalid', { key: e.key, code: e.code });
  return merged;
}

/**
 * Validates and saves user values. Throws `SettingsUpdateError` (nothing written) when a key is locked by policy,
 * unknown, or invalid.
 */
export async function saveSettings(partial: Partial<Settings>): Promise<void> {
  const { locked } = mergeSettings({}, await readPolicy());
  const check = checkSettingsUpdate(partial, locked);
  if (!check.ok) throw new SettingsUpdateError(check.errors);
  const items: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(check.values)) items[`${STORED_PREFIX}${key}`] = value;
  if (Object.keys(items).length) await browser.storage.local.set(items);
}

/** Forgets the user's values for these keys (the default or the policy value applies again). */
export async function resetSettings(keys: readonly SettingKey[]): Promise<void> {
  await browser.storage.local.remove(keys.map((k) => `${STORED_PREFIX}${k}`));
}

/** Calls `cb` when a user value or the clinic policy changes (policy changes apply live, without reinstall). */
export function watchSettings(cb: () => void): () => void {
  const listener = (changes: Record<string, unknown>, area: string) => {
    if (
      area === 'managed' ||
      (area === 'local' && Object.keys(changes).some((k) => k.startsWith(STORED_PREFIX)))
    )
      cb();
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
