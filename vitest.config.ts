import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [WxtVitest()],
        test: {
          name: 'unit',
          include: [
            'tests/unit/**/*.test.{ts,tsx}',
            'lib/**/*.test.{ts,tsx}',
            'components/**/*.test.{ts,tsx}',
          ],
          setupFiles: ['tests/unit/setup.ts'],
        },
      },
      {
        test: {
          name: 'navigator',
          include: ['navigator/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
        resolve: { alias: { '@': new URL('.', import.meta.url).pathname } },
      },
    ],
  },
});
