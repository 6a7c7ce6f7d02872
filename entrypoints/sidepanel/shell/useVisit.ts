import { useCallback, useEffect, useRef } from 'react';
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
  // Saves run one after another, so an older save can never land after (and overwrite) a newer change.
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const update = useCallback(
    (next: Visit) => {
      if (!hash) return Promise.resolve();
      // Optimistic: the screen stays responsive; the encrypted write follows.
      qc.setQueryData(['visit', key], { hash, visit: next });
      const run = queue.current.then(async () => {
        const saved = await saveVisit(await db(), sealer, hash, next);
        const current = qc.getQueryData<{ hash: string; visit: Visit }>(['visit', key]);
        if (current?.visit === next) qc.setQueryData(['visit', key], { hash, visit: saved });
      });
      queue.current = run.catch(() => undefined);
      return run;
    },
    [qc, key, hash],
  );
  return { visit: query.data?.visit, hash, isPending: query.isPending, update };
}
