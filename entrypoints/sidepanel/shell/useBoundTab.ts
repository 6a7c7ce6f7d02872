import { useEffect, useState } from 'react';
import { boundTabIdFromUrl, followActiveTab } from '@/lib/platform/panel-binding';

/** The tab this panel shows: `?tabId=N`, or the active tab of the panel's window (following tab switches). */
export function useBoundTab(): { tabId: number | null; ready: boolean } {
  const fixed = boundTabIdFromUrl(location.search);
  const [state, setState] = useState<{ tabId: number | null; ready: boolean }>({
    tabId: fixed,
    ready: fixed !== null,
  });
  useEffect(() => {
    if (fixed !== null) return;
    let off: (() => void) | undefined;
    let live = true;
    void followActiveTab((tabId) => live && setState({ tabId, ready: true })).then((unsub) => {
      if (live) off = unsub;
      else unsub();
    });
    return () => {
      live = false;
      off?.();
    };
  }, [fixed]);
  return state;
}
