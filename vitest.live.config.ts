import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { include: ['test/live/**/*.test.ts'], testTimeout: 600_000, hookTimeout: 600_000, globalSetup: ['test/global-setup.ts'] },
});
