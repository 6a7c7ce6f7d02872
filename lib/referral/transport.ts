import { createFhirClient, type FetchLike, type FhirResult } from '@/lib/fhir/client';
import type { Settings } from '@/lib/settings/schema';

export type NavigatorSettings = Pick<Settings, 'navigatorFhirBaseUrl' | 'navigatorToken'>;

export interface TransportDeps {
  fetch: FetchLike;
  /** Read at every send: a token changed in options (signing in again) applies to the next attempt. */
  getSettings: () => Promise<NavigatorSettings>;
  /** Default 10 s: well under the 30 s after which Chrome may stop a service worker waiting on a fetch. */
  timeoutMs?: number;
}

export interface Transport {
  /** The navigator currently configured, and a fingerprint of its token (to notice a new sign-in). */
  current(): Promise<{ baseUrl: string; tokenFingerprint: string }>;
  /** POST the transaction Bundle to `target` with the bearer token and Idempotency-Key = referral UUID. */
  send(target: string, bundle: unknown, referralId: string): Promise<FhirResult>;
}

export const normalizeBase = (url: string) => url.trim().replace(/\/+$/, '');

/** A short SHA-256 fingerprint: tells tokens apart without keeping or logging the token. */
export async function fingerprint(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`social-rx:token:${token}`));
  return [...new Uint8Array(digest).slice(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function createTransport(deps: TransportDeps): Transport {
  return {
    async current() {
      const s = await deps.getSettings();
      return {
        baseUrl: normalizeBase(s.navigatorFhirBaseUrl),
        tokenFingerprint: await fingerprint(s.navigatorToken),
      };
    },
    async send(target, bundle, referralId) {
      const s = await deps.getSettings();
      const client = createFhirClient({
        baseUrl: target,
        token: s.navigatorToken,
        fetch: deps.fetch,
        timeoutMs: deps.timeoutMs ?? 10_000,
      });
      return client.transaction(bundle, { idempotencyKey: referralId });
    },
  };
}
