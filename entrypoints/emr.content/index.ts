import { watchPatient } from '@/lib/emr/watch';
import { connectLiveness, sendToBackground } from '@/lib/emr/content-transport';
import { mountLauncher } from '@/lib/emr/launcher';
import type { DetectionResult } from '@/lib/patient/context';

// Thin: the adapter work lives in lib/emr. The production build registers this script at runtime for granted EMR
// origins only (lib/platform/content-registration.ts); the e2e/demo build declares loopback.
export default defineContentScript({
  matches: ['http://localhost/*', 'http://127.0.0.1/*'],
  runAt: 'document_idle',
  allFrames: false,
  main(ctx) {
    if (window.top !== window) return;
    let last: DetectionResult | null = null;
    const publish = (result: DetectionResult) => {
      last = result;
      void sendToBackground('patient.detected', { result });
    };
    // When the background restarts, the liveness port reconnects and the current answer is sent again.
    connectLiveness(ctx.signal, () => last && publish(last));
    watchPatient(window, publish, { signal: ctx.signal });
    mountLauncher(document, ctx.signal, () => void sendToBackground('panel.open', {}));
  },
});
