import { defineConfig } from '@playwright/test'
import os from 'node:os'
import path from 'node:path'
import fs from 'node:fs'

const port = Number(process.env.E2E_PORT || 3311)
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-e2e-'))
// Alert rules file of the server: absent (no rules) until tests/e2e/alerts.spec.ts creates its
// rules through the admin API (and deletes them after, so other specs run without rules).
const alertsFile = path.join(dataDir, 'alerts.yaml')
export const e2eBaseURL = `http://127.0.0.1:${port}`
/** The server's SMTP: tests/e2e/scheduled-reports.spec.ts listens there while it needs mail. */
export const e2eSmtpPort = port + 1

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/e2e',
  // Generous bounds: CI machines can run these pages 4–6× slower than a quiet one (a run of
  // 2026-12-07 took 38 min for what takes 7 here). The bounds only cost time when a test fails.
  timeout: 240_000,
  expect: { timeout: 30_000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: e2eBaseURL,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
    trace: 'retain-on-failure',
  },
  webServer: {
    // The production build made by `npm test`'s build stage, on a throwaway embedded store.
    command: `npx next start -p ${port} -H 127.0.0.1`,
    url: `${e2eBaseURL}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    env: {
      PLATEAU_DATA_DIR: dataDir,
      PLATEAU_E2E: '1',
      // No demo history: the browser tests post their own months of events into the demo centers
      // and compare figures fetched one after another; a background fill of those months would
      // change them in between (and take minutes of CPU). Today's live demo stays on.
      PLATEAU_DEMO_HISTORY_DAYS: '0',
      PLATEAU_API_KEYS: 'e2e-producer-key',
      PLATEAU_ADMIN_PASSWORD: 'e2e-admin-password',
      PLATEAU_ALERTS: alertsFile,
      // No schedules until tests/e2e/scheduled-reports.spec.ts creates one on /reports/schedules.
      PLATEAU_REPORT_SCHEDULES: path.join(dataDir, 'report-schedules.yaml'),
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(port + 1),
      SMTP_SECURE: 'none',
      SMTP_FROM: 'Plateau <plateau@e2e.local>',
    },
  },
})
