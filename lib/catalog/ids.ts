/** 32-bit FNV-1a: a stable, fast string hash (not cryptographic; used for deterministic fictional ids and seeds). */
export function fnv1a(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}

/** Formats 128 bits (four 32-bit words) as an RFC 4122 version-4-shaped UUID. */
export function uuidFromWords(a: number, b: number, c: number, d: number): string {
  // Version nibble (hex 12) lives in word b, variant bits (hex 16) in word c.
  const h = hex8(a) + hex8((b & 0xffff0fff) | 0x4000) + hex8((c & 0x3fffffff) | 0x80000000) + hex8(d);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** A deterministic UUID for a name (so the demo catalog and taxonomy ids are stable across runs). */
export function uuidFromString(s: string): string {
  return uuidFromWords(fnv1a(s, 1), fnv1a(s, 2), fnv1a(s, 3), fnv1a(s, 4));
}
