/**
 * Text normalisation shared by the index and the query side: lower case, accents folded (épicerie → epicerie),
 * ligatures expanded (œ → oe), French elisions split (l'épicerie → epicerie), English/French stop words dropped.
 * Both sides must fold identically, so this is the only place that does it.
 */

const LIGATURES: Readonly<Record<string, string>> = {
  œ: 'oe',
  æ: 'ae',
  ß: 'ss',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ı: 'i',
};
const COMBINING = /[\u0300-\u036f]/g;
const LIGATURE_RE = /[œæßøłđı]/g;

/** Lower-cased, accent-folded text (same length semantics not guaranteed). */
export function fold(s: string): string {
  const lower = s.toLowerCase();
  // Fast path: plain ASCII needs no Unicode decomposition (most catalog text).
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(lower)) return lower;
  return lower
    .normalize('NFD')
    .replace(COMBINING, '')
    .replace(LIGATURE_RE, (c) => LIGATURES[c] ?? c);
}

// Words too common to help ranking (English and French). Kept short on purpose: domain words stay searchable.
const STOP_WORDS = new Set(
  (
    'a an and are as at be by for from has have in is it its of on or our the their this to was we will with you your ' +
    'can all any who not but if into than then there these they them us also may more most such only other ' +
    'au aux avec ce ces dans de des du elle en et est il ils la le les leur leurs lui ma mais me meme mes mon ' +
    'ne nos notre nous ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous ' +
    'y l d j m n s t c qu est sont ont a ete etre'
  ).split(' '),
);

export function isStopWord(t: string): boolean {
  return STOP_WORDS.has(t);
}

/** Longest token kept; longer runs (URLs, ids) are truncated so the vocabulary stays bounded. */
export const MAX_TOKEN = 24;

/**
 * Splits folded text into tokens: runs of letters/digits. Single characters and stop words are dropped unless
 * `keepAll` (the query side keeps a trailing single letter as a prefix).
 */
export function tokenize(text: string, keepAll = false): string[] {
  const out: string[] = [];
  const f = fold(text);
  const re = /[a-z0-9]+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(f)) !== null) {
    let t = m[0];
    if (t.length > MAX_TOKEN) t = t.slice(0, MAX_TOKEN);
    if (!keepAll && (t.length < 2 || STOP_WORDS.has(t))) continue;
    out.push(t);
  }
  return out;
}

export interface QueryToken {
  text: string;
  /** The last token of a query that does not end in a space is still being typed: match it as a prefix. */
  partial: boolean;
  /** A half-typed stop word ("food an"): it may only add to the score, never exclude a program. */
  optional: boolean;
}

/** Query tokens, in order, without duplicates; at most 8 (long pasted text is cut, not rejected). */
export function queryTokens(query: string): QueryToken[] {
  const raw = tokenize(query.slice(0, 200), true);
  const endsInWord = /[\p{L}\p{N}]$/u.test(query);
  const seen = new Set<string>();
  const out: QueryToken[] = [];
  raw.forEach((t, i) => {
    const last = i === raw.length - 1;
    if (seen.has(t)) return;
    if (STOP_WORDS.has(t) && !(last && endsInWord)) return;
    if (t.length < 2 && !(last && endsInWord)) return;
    seen.add(t);
    const partial = last && endsInWord;
    out.push({ text: t, partial, optional: partial && (t.length < 2 || STOP_WORDS.has(t)) });
  });
  return out.slice(0, 8);
}
