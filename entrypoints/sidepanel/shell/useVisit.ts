import { useCallback, useEffect } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { db } from '@/lib/db';
import { patientKey, type PatientContext } from '@/lib/patient/context';
import { sessionSealer } from '@/lib/platform/crypto';
import type { Visit } from '@/lib/visit/schema';
import { loadVisit, patientHash, saveVisit } from '@/lib/visit/store';

const sealer = sessionSealer();

/**
 * This visit's work for the patient in context (screenings, confirmed needs, what matters, chosen programs), kept
 * encrypted with the session key so a draft resumes when the panel reopens and is unreadable after a restart.
 */
export function useVisit(patient: PatientContext) {
  const qc = useQueryClient();
  const key = patientKey(patient);
  const query = useQuery({
    queryKey: ['visit', key],
    queryFn: async () => {
      const hash = await patientHash(key);
      return { hash, visit: await loadVisit(await db(), sealer, hash) };
    },
    staleTime: Infinity,
  });
  // The background purges a patient's drafts when the tab moves to another patient: forget every other patient's
  // cached visit so switching back reads storage again instead of a stale copy.
  useEffect(() => {
    qc.removeQueries({ queryKey: ['visit'], predicate: (q) => q.queryKey[1] !== key });
  }, [qc, key]);
  const hash = query.data?.hash;
  const update = useCallback(
    async (next: Visit) => {
      if (!hash) return;
      // Optimistic: the screen stays responsive; the encrypted write follows.
      qc.setQueryData(['visit', key], { hash, visit: next });
      const saved = await saveVisit(await db(), sealer, hash, next);
      qc.setQueryData(['visit', key], { hash, visit: saved });
    },
    [qc, key, hash],
  );
  return { visit: query.data?.visit, hash, isPending: query.isPending, update };
}
