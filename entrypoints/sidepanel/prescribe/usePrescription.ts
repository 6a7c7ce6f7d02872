import { useEffect } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MessageClient } from '@/lib/messaging/client';
import { watchReferralChanges } from '@/lib/platform/referrals';
import type { ReferralRequest } from '@/lib/referral/request';

/** A fallback re-read while the outcome is open, in case a change notification is missed (e.g. a worker restart). */
const FALLBACK_POLL_MS = 5_000;

/**
 * Sending a prescription: the background replies "queued" only after the strict-durability write; the screen then
 * watches the referral until the outbox records a 2xx ("sent") or a person is needed. The background announces each
 * recorded outcome (lib/platform/referrals.ts), so "sent" shows as soon as the 2xx is stored, not at the next poll.
 */
export function usePrescription(
  send: MessageClient,
  referralId: string,
  watch: (cb: (referralId: string | null) => void) => () => void = watchReferralChanges,
) {
  const qc = useQueryClient();
  const submit = useMutation({
    mutationKey: ['referral.submit', referralId],
    mutationFn: (request: ReferralRequest) =>
      send('referral.submit', { referralId: request.referralId, request }),
  });
  const queued = submit.data?.state === 'queued';
  const state = useQuery({
    queryKey: ['referral.state', referralId],
    queryFn: () => send('referral.state', { referralId }),
    enabled: queued,
    // Stop once the navigator has it (or a person must act); until then re-read now and then as a safety net.
    refetchInterval: (q) =>
      q.state.data?.state && q.state.data.state !== 'queued' ? false : FALLBACK_POLL_MS,
  });
  useEffect(() => {
    if (!queued) return;
    const off = watch((id) => {
      if (id === null || id === referralId)
        void qc.invalidateQueries({ queryKey: ['referral.state', referralId] });
    });
    // A change that landed between the "queued" reply and this subscription.
    void qc.invalidateQueries({ queryKey: ['referral.state', referralId] });
    return off;
  }, [qc, queued, referralId, watch]);
  return { submit, queued, state: state.data ?? null };
}
