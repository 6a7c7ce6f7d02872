/** True in the loopback build (`npm run build:e2e`), defined by wxt.config.ts. */
declare const __SOCIAL_RX_E2E__: boolean;
