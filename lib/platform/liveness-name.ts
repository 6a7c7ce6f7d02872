/** Shared by the content script and the background (kept in its own file so the content script imports nothing else). */
export const LIVENESS_PORT = 'social-rx-emr-liveness';
