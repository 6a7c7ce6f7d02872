import { useEffect } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { getTabPatient, watchTabPatient } from '@/lib/platform/tab-patients';

/** The current patient of a tab, live: the background writes storage.session and the watcher refreshes the query. */
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
    return watchTabPatient(tabId, (v) => qc.setQueryData(['tabPatient', tabId], v));
  }, [qc, tabId]);
  return query;
}
