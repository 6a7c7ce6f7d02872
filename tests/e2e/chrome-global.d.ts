// Types for code inside page.evaluate()/serviceWorker.evaluate() in the e2e suite.
declare global {
  const chrome: typeof import('wxt/browser').browser;
}
export {};
