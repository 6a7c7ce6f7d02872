import { browser } from 'wxt/browser';
import { log } from './log';

const SCRIPT_ID = 'social-rx-emr';
const SCRIPT_FILE = 'content-scripts/emr.js';

/**
 * Production builds declare no content script: it is registered at runtime for exactly the EMR origins the clinic
 * granted (optional host permissions or enterprise policy), and re-registered when grants change.
 */
export async function syncEmrContentScript(): Promise<void> {
  if (__SOCIAL_RX_E2E__ || !browser.scripting?.registerContentScripts) return;
  const { origins = [] } = await browser.permissions.getAll();
  const matches = origins.filter((o) => /^https?:\/\//.test(o));
  const existing = await browser.scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] });
  if (existing.length) await browser.scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
  if (!matches.length) return;
  await browser.scripting.registerContentScripts([
    {
      id: SCRIPT_ID,
      matches,
      js: [SCRIPT_FILE],
      runAt: 'document_idle',
      allFrames: false,
      persistAcrossSessions: true,
    },
  ]);
  log('info', 'content-script.registered', { origins: matches.length });
}
