/** Every `reference` string found anywhere in a resource (references can sit at any depth, e.g. in extensions). */
export function collectReferences(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const item of node) collectReferences(item, out);
  } else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'reference' && typeof v === 'string') out.push(v);
      else collectReferences(v, out);
    }
  }
  return out;
}

/** Returns a copy of `node` with every `reference` found in `map` replaced (urn:uuid → Type/id). */
export function rewriteReferences<T>(node: T, map: ReadonlyMap<string, string>): T {
  if (Array.isArray(node)) return node.map((item: unknown) => rewriteReferences(item, map)) as T;
  if (node && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      out[k] = k === 'reference' && typeof v === 'string' ? (map.get(v) ?? v) : rewriteReferences(v, map);
    }
    return out as T;
  }
  return node;
}

/** `Type/id` (relative reference) split, or null for anything else (absolute URLs, urn:…, contained `#x`). */
export function parseRelativeReference(ref: string): { type: string; id: string } | null {
  const m = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/.exec(ref);
  return m ? { type: m[1]!, id: m[2]! } : null;
}
