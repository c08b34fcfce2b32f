/**
 * What the Next.js server starts in-process (from instrumentation.ts): migrations, the Kafka
 * consumer when this process owns the embedded store and Kafka is configured, and the demo
 * traffic (today live, then past days in the background: simulator/demo.ts) unless PLATEAU_DEMO=0.
 */
import { storeMode } from '../lib/clickhouse'
import { migrate } from '../lib/migrate'
import { kafkaBrokers } from '../ingest/kafka'

const g = globalThis as unknown as { __plateauStarted?: Promise<void> }

/** Idempotent; a failed start (store unreachable) is forgotten so the next call retries. */
export function startInProcess(): Promise<void> {
  if (!g.__plateauStarted) {
    g.__plateauStarted = start()
    g.__plateauStarted.catch(() => (g.__plateauStarted = undefined))
  }
  return g.__plateauStarted
}

async function start(): Promise<void> {
  await migrate((m) => console.log(`[plateau] ${m}`))
  // Keep the KPI facts rollup fresh from the start, so the first request doesn't build it.
  const { startContactFactsRefresher } = await import('../lib/queries/refreshContactFacts')
  startContactFactsRefresher()
  const { startExecutiveWarmer } = await import('../lib/executive/warm')
  startExecutiveWarmer() // the executive view's first visitor then finds it computed
  const { startReportScheduler } = await import('../lib/scheduled-reports/run')
  startReportScheduler() // scheduled report e-mails (docs/scheduled-reports.md); PLATEAU_REPORT_SCHEDULER=0 turns it off
  const inProcessConsumer =
    process.env.PLATEAU_INGEST_INPROCESS === '1' || (kafkaBrokers().length > 0 && storeMode() === 'embedded')
  if (inProcessConsumer) {
    const { startConsumer } = await import('../ingest/consumer')
    await startConsumer()
  }
  // Connector sources of the configuration (queue_log files, Connect topics): in the embedded
  // server; in scale mode `npm run connectors` runs them (PLATEAU_CONNECTORS=1 forces in-process).
  if (process.env.PLATEAU_CONNECTORS === '1' || (storeMode() === 'embedded' && process.env.PLATEAU_CONNECTORS !== '0')) {
    const { startSources } = await import('../ingest/connectors/sources')
    startSources()
  }
  if (process.env.PLATEAU_DEMO !== '0') {
    const { startDemo } = await import('../simulator/demo')
    startDemo()
    console.log('[plateau] demo traffic on (PLATEAU_DEMO=0 to turn it off)')
  }
}
