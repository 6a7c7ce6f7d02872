/** Shared by the content script and the background (kept in its own file so the content script imports nothing else). */
export const LIVENESS_PORT = 'social-rx-emr-liveness';

/** The only messages the content script may post on the liveness port (everything else goes by sendMessage). */
export const PORT_MESSAGE_TYPES: ReadonlySet<string> = new Set(['patient.detected']);
