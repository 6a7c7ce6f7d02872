import { useEffect, useRef } from 'react';
import type { ScreenVisit } from './state';

/** Content equality ignoring the fields the shell rewrites on save (updatedAt) or may not store yet (draft). */
export function sameContent(a: ScreenVisit, b: ScreenVisit): boolean {
  const strip = (v: ScreenVisit) => JSON.stringify({ ...v, updatedAt: 0, screeningDraft: undefined });
  return strip(a) === strip(b);
}

function sameWithDraft(a: ScreenVisit, b: ScreenVisit): boolean {
  return JSON.stringify({ ...a, updatedAt: 0 }) === JSON.stringify({ ...b, updatedAt: 0 });
}

/**
 * Pushes the screen's visit to the shell one save at a time, always the latest (a burst of key presses becomes at most
 * one save in flight plus one pending), and tells the screen which incoming visits are foreign (not echoes of ours).
 * A failed save is retried with the next change; the screen keeps the state either way, so nothing typed is lost.
 */
export function useVisitSync(
  visit: ScreenVisit,
  incoming: ScreenVisit,
  onVisitChange: (v: ScreenVisit) => Promise<void>,
  adopt: (v: ScreenVisit) => void,
): void {
  const state = useRef({ inFlight: false, pending: null as ScreenVisit | null, sent: [] as ScreenVisit[] });
  const initial = useRef(incoming);

  useEffect(() => {
    const s = state.current;
    // Nothing changed yet: never re-save what the shell gave us (a re-save after a purge would resurrect the draft).
    if (visit === initial.current || sameWithDraft(visit, initial.current)) return;
    const drain = () => {
      const next = s.pending;
      if (!next || s.inFlight) return;
      s.pending = null;
      s.inFlight = true;
      s.sent = [...s.sent.slice(-4), next];
      onVisitChange(next)
        .catch(() => undefined) // the shell reports storage errors; the next change saves again
        .finally(() => {
          s.inFlight = false;
          drain();
        });
    };
    s.pending = visit;
    drain();
  }, [visit, onVisitChange]);

  useEffect(() => {
    const s = state.current;
    if (incoming === initial.current) return;
    const echo = s.sent.some((v) => sameContent(v, incoming)) || sameContent(visit, incoming);
    if (!echo && !s.inFlight && !s.pending) adopt(incoming);
    // `visit` is read for the echo check only; re-running on every local change would re-adopt stale props.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [incoming, adopt]);
}
