import { defineConfig } from 'vitest/config'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = path.dirname(fileURLToPath(import.meta.url))

export default defineConfig({
  // 'server-only' throws outside React Server Components: tests import server modules directly.
  resolve: { alias: { '@': ROOT, 'server-only': path.join(ROOT, 'node_modules/server-only/empty.js') } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['**/*.test.ts'],
          exclude: ['node_modules/**', 'tests/integration/**', 'tests/e2e/**', '.cache/**'],
          environment: 'node',
          // Limits against hangs, not speed checks: the simulator suites take 2–5 s quiet and
          // timed out at 5–30 s when CI shared the 2 cores with four other jobs (load 17).
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 240_000,
          hookTimeout: 240_000,
          fileParallelism: false,
          pool: 'forks',
        },
      },
    ],
  },
})
