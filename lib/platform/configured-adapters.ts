import { parseConfiguredAdapters } from '@/lib/emr/adapters/configured/schema';
import { loadSettings } from '@/lib/settings/store';
import { log } from './log';

/** The clinic's adapter definitions in force, validated here so invalid ones never reach an EMR page. */
export async function validConfiguredAdapters(): Promise<Record<string, unknown>[]> {
  const { settings } = await loadSettings();
  const { definitions, errors } = parseConfiguredAdapters(settings.configuredAdapters);
  if (errors.length) log('warn', 'emr.configured-adapters-invalid', { count: errors.length });
  return definitions as unknown as Record<string, unknown>[];
}
