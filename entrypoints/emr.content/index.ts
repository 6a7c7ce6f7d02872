import { createConfiguredAdapter } from '@/lib/emr/adapters/configured/adapter';
import type { EmrAdapter } from '@/lib/emr/adapter';
import { listenForCommands } from '@/lib/emr/content-commands';
import { connectLiveness, fetchConfiguredDefinitions, sendToBackground } from '@/lib/emr/content-transport';
import { mountLauncher } from '@/lib/emr/launcher';
import { watchPatient } from '@/lib/emr/watch';
import type { DetectionResult } from '@/lib/patient/context';

// Thin: the adapter work lives in lib/emr. The production build registers this script at runtime for granted EMR
// origins only (lib/platform/content-registration.ts); the e2e/demo build declares loopback.
export default defineContentScript({
  matches: ['http://localhost/*', 'http://127.0.0.1/*'],
  runAt: 'document_idle',
  allFrames: false,
  // WXT's default also announces each start to the page with window.postMessage, carrying the extension id: any
  // listener on the EMR page could read it (S7 fingerprinting). The same-world CustomEvent it keeps is enough.
  noScriptStartedPostMessage: true,
  async main(ctx) {
    if (window.top !== window) return;
    let last: DetectionResult | null = null;
    // Detections go on the liveness port; when the background restarts, the port reconnects and the current answer is
    // posted again.
    const post = connectLiveness(ctx.signal, () => last && publish(last));
    const publish = (result: DetectionResult) => {
      last = result;
      post('patient.detected', { result });
    };
    mountLauncher(document, ctx.signal, () => void sendToBackground('panel.open', {}));
    const adapters: EmrAdapter[] = [];
    listenForCommands(window, () => adapters, ctx.signal);
    for (const def of await fetchConfiguredDefinitions()) {
      try {
        adapters.push(createConfiguredAdapter(def as Parameters<typeof createConfiguredAdapter>[0]));
      } catch {
        // validated by the background; a definition this build cannot use is skipped
      }
    }
    if (ctx.signal.aborted) return;
    watchPatient(window, publish, { signal: ctx.signal, adapters });
  },
});
