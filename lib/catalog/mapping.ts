import type { Db } from './store';
import { readMeta } from './store';
import { META } from './meta';
import { DEFAULT_NEED_MAPPING, NeedMapping } from './taxonomy';

/**
 * The need → taxonomy mapping used for matching. Clinics whose catalog uses another taxonomy (e.g. 211/AIRS codes)
 * store their own mapping; needs they leave out keep the default.
 */
export async function getNeedMapping(db: Db): Promise<NeedMapping> {
  const stored = await readMeta(db, META.needMapping, NeedMapping);
  return { ...DEFAULT_NEED_MAPPING, ...stored };
}

/** Validates and stores a mapping (throws a ZodError on bad input; nothing is stored then). */
export async function saveNeedMapping(db: Db, mapping: unknown): Promise<NeedMapping> {
  const parsed = NeedMapping.parse(mapping);
  await db.put('catalogMeta', parsed, META.needMapping);
  return { ...DEFAULT_NEED_MAPPING, ...parsed };
}

export async function resetNeedMapping(db: Db): Promise<void> {
  await db.delete('catalogMeta', META.needMapping);
}
