import { defineConfig } from 'wxt';

// Loopback origins used by the demo EMR pages, `npm start` and the e2e suite. Port-less match patterns
// match any port in Chromium and Firefox.
const LOOPBACK_ORIGINS = ['http://localhost/*', 'http://127.0.0.1/*'];

// `npm run build:e2e` (SOCIAL_RX_BUILD=e2e): the loopback build used by `npm start` and the e2e suite. It is a
// production-mode build (minified, React production) that differs only in where it runs without prompts.
const E2E = process.env.SOCIAL_RX_BUILD === 'e2e';

export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  outDirTemplate: '{{browser}}-mv{{manifestVersion}}',
  // SOCIAL_RX_OUT_DIR: a private build directory, so that several people can build and test one checkout at once.
  ...(process.env.SOCIAL_RX_OUT_DIR ? { outDir: process.env.SOCIAL_RX_OUT_DIR } : {}),
  vite: () => ({ define: { __SOCIAL_RX_E2E__: JSON.stringify(E2E) } }),
  manifest: ({ browser }) => {
    const e2e = E2E;
    return {
      name: '__MSG_extName__',
      description: '__MSG_extDescription__',
      default_locale: 'en',
      permissions: [
        'storage',
        'alarms',
        'idle',
        'scripting',
        'unlimitedStorage',
        ...(browser === 'firefox' ? [] : ['sidePanel']),
      ],
      // The e2e/demo build runs on loopback with no prompt; production asks per EMR origin at runtime.
      host_permissions: e2e ? LOOPBACK_ORIGINS : [],
      optional_host_permissions: ['https://*/*', 'http://*/*'],
      action: { default_title: '__MSG_extName__' },
      // Absent means every other extension may connect; empty lists mean none can.
      ...(browser === 'firefox' ? {} : { externally_connectable: { ids: [], matches: [] } }),
      storage: { managed_schema: 'managed_schema.json' },
      ...(browser === 'firefox'
        ? {
            browser_specific_settings: {
              gecko: {
                id: 'social-rx@social-rx.example.org',
                strict_min_version: '115.0',
                data_collection_permissions: { required: ['healthInfo', 'personallyIdentifyingInfo'] },
              },
            },
          }
        : {}),
    };
  },
  hooks: {
    'build:manifestGenerated': (_wxt, manifest) => {
      // Production: the EMR content script is registered at runtime for granted origins only
      // (lib/platform/emr-origins.ts), so the manifest must not declare it.
      if (!E2E) delete manifest.content_scripts;
    },
  },
});
