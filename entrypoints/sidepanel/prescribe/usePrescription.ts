import { useMutation, useQuery } from '@tanstack/react-query';
import type { MessageClient } from '@/lib/messaging/client';
import type { ReferralRequest } from '@/lib/referral/request';

/**
 * Sending a prescription: the background replies "queued" only after the strict-durability write; the screen then
 * watches the referral until the outbox records a 2xx ("sent") or a person is needed.
 */
export function usePrescription(send: MessageClient, referralId: string) {
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
    // Poll quickly while the outcome is open; stop once the navigator has it (or a person must act).
    refetchInterval: (q) => (q.state.data?.state && q.state.data.state !== 'queued' ? false : 1000),
  });
  return { submit, queued, state: state.data ?? null };
}
