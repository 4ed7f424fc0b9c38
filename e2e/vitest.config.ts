import { defineConfig } from 'vitest/config';

/**
 * The browser specs (e2e/*.e2e.ts): each file starts the real server on a database of its own (cloned
 * from the template the shared global set-up migrates), seeds a small city through the API and drives
 * Chromium. They run one file at a time: each has a browser and a server of its own.
 */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['packages/testing/src/global-setup.ts', 'e2e/global-setup.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
