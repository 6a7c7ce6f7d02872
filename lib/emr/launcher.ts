import { LAUNCHER_LABELS } from '@/lib/i18n/launcher';

/**
 * A small button in a shadow root that opens the side panel. It carries no patient data: the EMR page's DOM never
 * receives PHI from us. The shadow root is open so assistive tech and tests can reach the button.
 */
export function mountLauncher(doc: Document, signal: AbortSignal, onOpen: () => void): void {
  const host = doc.createElement('social-rx-launcher');
  const root = host.attachShadow({ mode: 'open' });
  const lang = (navigator.language || 'en').toLowerCase().startsWith('fr') ? 'fr' : 'en';
  const style = doc.createElement('style');
  style.textContent =
    'button{position:fixed;right:12px;bottom:12px;z-index:2147483647;font:600 13px system-ui,sans-serif;' +
    'padding:8px 12px;border-radius:18px;border:2px solid #fff;background:#0b5e54;color:#fff;cursor:pointer;' +
    'box-shadow:0 1px 4px #0006}button:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}';
  const button = doc.createElement('button');
  button.type = 'button';
  button.textContent = LAUNCHER_LABELS[lang].label;
  button.title = LAUNCHER_LABELS[lang].title;
  button.setAttribute('data-testid', 'social-rx-launcher');
  button.addEventListener('click', onOpen, { signal });
  root.append(style, button);
  (doc.body ?? doc.documentElement).append(host);
  signal.addEventListener('abort', () => host.remove(), { once: true });
}
