import { browser } from 'wxt/browser';

/** Normalises user input to an origin ("https://emr.clinic.example"), or null when it is not an http(s) origin. */
export function toOrigin(input: string): string | null {
  try {
    const u = new URL(input.trim());
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
    return u.origin;
  } catch {
    return null;
  }
}

/** EMR origins this extension may read (granted optional host permissions, policy or the loopback build). */
export async function grantedEmrOrigins(): Promise<string[]> {
  const { origins = [] } = await browser.permissions.getAll();
  return origins
    .filter((o) => /^https?:\/\//.test(o))
    .map((o) => o.replace(/\/\*$/, ''))
    .sort();
}

/** Must run inside a click handler: Chrome shows its own permission prompt for exactly this origin. */
export function requestEmrOrigin(origin: string): Promise<boolean> {
  return browser.permissions.request({ origins: [`${origin}/*`] });
}

export function revokeEmrOrigin(origin: string): Promise<boolean> {
  return browser.permissions.remove({ origins: [`${origin}/*`] });
}
