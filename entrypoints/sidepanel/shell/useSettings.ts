import { useEffect } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { loadSettings, watchSettings } from '@/lib/settings/store';

export function useSettings() {
  const qc = useQueryClient();
  const query = useQuery({ queryKey: ['settings'], queryFn: loadSettings, staleTime: Infinity });
  useEffect(() => watchSettings(() => void qc.invalidateQueries({ queryKey: ['settings'] })), [qc]);
  return query;
}
