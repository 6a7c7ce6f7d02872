import { browser } from 'wxt/browser';

/** An EMR origin is allowed when the extension holds host permission for it (granted at runtime, by policy, or
 * declared for loopback in the e2e build). */
export async function isAllowedEmrOrigin(origin: string): Promise<boolean> {
  if (!/^https?:\/\/[^/]+$/.test(origin)) return false;
  try {
    return await browser.permissions.contains({ origins: [`${origin}/*`] });
  } catch {
    return false;
  }
}
