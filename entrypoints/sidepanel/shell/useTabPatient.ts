import { useEffect } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { getTabPatient, watchTabPatient } from '@/lib/platform/tab-patients';

/**
 * The current patient of a tab, live: the background writes storage.session and the watcher re-reads it. Every change
 * re-reads storage (cancelling an older read in flight) so a slow first read can never overwrite a newer value, and
 * one re-read right after subscribing covers a write that landed between the first read and the subscription.
 */
export function useTabPatient(tabId: number | null) {
  const qc = useQueryClient();
  const key = ['tabPatient', tabId] as const;
  const query = useQuery({
    queryKey: key,
    queryFn: () => (tabId === null ? null : getTabPatient(tabId)),
    staleTime: Infinity,
  });
  useEffect(() => {
    if (tabId === null) return;
    const refresh = () => void qc.invalidateQueries({ queryKey: ['tabPatient', tabId] });
    const off = watchTabPatient(tabId, refresh);
    refresh();
    return off;
  }, [qc, tabId]);
  return query;
}
