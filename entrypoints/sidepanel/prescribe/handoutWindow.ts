/**
 * Opens the handout (a script-free HTML document built by lib/referral/handout.ts) in a new extension-origin tab and
 * asks the browser to print it. A blob: URL keeps patient data out of URLs and history entries.
 */
export function openHandoutForPrint(html: string): boolean {
  const url = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
  const win = window.open(url, '_blank');
  if (!win) {
    URL.revokeObjectURL(url);
    return false;
  }
  win.addEventListener('load', () => win.print(), { once: true });
  // The document is loaded by then; revoking frees the blob without affecting the open tab.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return true;
}
