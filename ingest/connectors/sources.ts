/**
 * Runs the connector sources of the configuration (each center's `source` block): follows
 * queue_log files, consumes Amazon Connect topics, and checks that webhook sources (Twilio,
 * Connect over HTTP) have their secret. Started in-process by the embedded server
 * (server/startup.ts) and as `npm run connectors` in scale mode (server store).
 *
 * Hot reload: the configuration is re-read every `reconcileMs`; a source added, changed or
 * removed is started, restarted or stopped. Every `reconcileMs` the status of each source is
 * written to connector_status (ok, state, error, counts); /api/health and the admin page read it
 * (lib/connector-status.ts), and a configured source with no fresh status is reported as
 * not running. A failing source (file missing, brokers unreachable, store refusing) is retried,
 * never silently idle.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Consumer } from 'kafkajs'
import { operatorNamedEnv, type SourceConfig } from '@/lib/config'
import { getClickHouse } from '@/lib/clickhouse'
import { chTime } from '@/ingest/rows'
import { addSummary, emptySummary, type FeedSummary } from './feed'
import { QueueLogFollower } from './queue-log/follow'
import { allSources } from '@/lib/connector-status'

export type SourceState = 'running' | 'starting' | 'waiting' | 'error'

export type SourceStatus = {
  center: string
  connector: SourceConfig['connector']
  /** What it reads: file path, topic, or the webhook path. */
  target: string
  ok: boolean
  state: SourceState
  error: string
  totals: FeedSummary
  lastRecordAt: number | null
}

interface Running {
  readonly spec: string
  status(): SourceStatus
  stop(): Promise<void>
}

/** Where queue_log checkpoints live: PLATEAU_CONNECTORS_DIR, default <PLATEAU_DATA_DIR or ./data>/connectors. */
export function connectorsDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.PLATEAU_CONNECTORS_DIR || path.join(process.env.PLATEAU_DATA_DIR || './data', 'connectors'))
}

const RETRY_MS = 5_000

function base(center: string, s: SourceConfig, target: string): SourceStatus {
  return { center, connector: s.connector, target, ok: false, state: 'starting', error: '', totals: emptySummary(), lastRecordAt: null }
}

function startQueueLog(center: string, s: Extract<SourceConfig, { connector: 'queue_log' }>, spec: string, log: (m: string) => void): Running {
  const key = crypto.createHash('sha1').update(`${center}\u0000${s.path}`).digest('hex').slice(0, 16)
  fs.mkdirSync(/*turbopackIgnore: true*/ connectorsDir(), { recursive: true })
  const checkpoint = path.join(/*turbopackIgnore: true*/ connectorsDir(), `queue_log-${center.replace(/[^A-Za-z0-9_.-]/g, '_')}-${key}.json`)
  const st = base(center, s, s.path)
  let stopped = false
  let follower: QueueLogFollower | null = null
  const done = (async () => {
    while (!stopped) {
      const totalsBefore = { ...st.totals, reasons: { ...st.totals.reasons } }
      follower = new QueueLogFollower({ center, queues: s.queues, file: s.path, checkpoint, log: (m) => log(`[${center}] ${m}`) })
      try {
        await follower.run()
      } catch (e) {
        st.error = `store: ${(e as Error).message}`
        log(`[${center}] queue_log ${s.path}: ${st.error} (retrying)`)
      }
      st.totals = addSummary(totalsBefore, follower.status.totals)
      st.lastRecordAt = follower.status.lastRecordAt ?? st.lastRecordAt
      follower = null
      if (!stopped) await new Promise((r) => setTimeout(r, RETRY_MS))
    }
  })()
  return {
    spec,
    status() {
      const f = follower?.status
      const totals = f ? addSummary({ ...st.totals, reasons: { ...st.totals.reasons } }, f.totals) : st.totals
      const openError = f?.openError ?? null
      const error = openError ?? st.error
      return { ...st, totals, lastRecordAt: f?.lastRecordAt ?? st.lastRecordAt, ok: !error, state: error ? 'error' : 'running', error }
    },
    async stop() {
      stopped = true
      follower?.stop()
      await done
    },
  }
}

function startConnectKafka(center: string, s: Extract<SourceConfig, { connector: 'connect_kafka' }>, spec: string, log: (m: string) => void): Running {
  const st = base(center, s, s.topic)
  let consumer: Consumer | null = null
  let stopped = false
  const brokers = (operatorNamedEnv(s.brokersEnv) ?? '').split(',').map((b) => b.trim()).filter(Boolean)
  const done = (async () => {
    if (!brokers.length) {
      st.state = 'error'
      st.error = `${s.brokersEnv} is not set: no Kafka brokers to read ${s.topic} from`
      return
    }
    const { startConnectConsumer } = await import('./connect/kafka')
    while (!stopped) {
      try {
        st.state = 'starting'
        consumer = await startConnectConsumer({
          center, queues: s.queues, brokers, topic: s.topic, group: s.group ?? `plateau-connect-${center}`,
          onBatch: (b) => {
            addSummary(st.totals, b)
            st.lastRecordAt = Date.now()
          },
        })
        st.state = 'running'
        st.error = ''
        // Resolves when the consumer crashes for good (kafkajs gives up) or is stopped.
        await new Promise<void>((resolve) => {
          consumer!.on(consumer!.events.CRASH, (e) => {
            st.state = 'error'
            st.error = `consumer crashed: ${(e.payload.error as Error)?.message ?? 'unknown error'}`
            if (!e.payload.restart) resolve()
          })
          consumer!.on(consumer!.events.STOP, () => resolve())
        })
      } catch (e) {
        st.state = 'error'
        st.error = `${brokers.join(',')} / ${s.topic}: ${(e as Error).message}`
        log(`[${center}] connect_kafka: ${st.error} (retrying)`)
      }
      await consumer?.disconnect().catch(() => {})
      consumer = null
      if (!stopped) await new Promise((r) => setTimeout(r, RETRY_MS))
    }
  })()
  return {
    spec,
    status: () => ({ ...st, ok: st.state === 'running' }),
    async stop() {
      stopped = true
      await consumer?.disconnect().catch(() => {})
      await done
    },
  }
}

/**
 * Webhook sources run nowhere: Twilio's is healthy when its token variable is set; Connect over
 * HTTP authenticates with Plateau API keys (/admin/api-keys), always available.
 */
function checkWebhook(center: string, s: Extract<SourceConfig, { connector: 'twilio' | 'connect_http' }>, spec: string): Running {
  const env = s.connector === 'twilio' ? s.authTokenEnv : null
  const target = s.connector === 'twilio' ? `/api/connectors/twilio/${center}` : `/api/connectors/connect/${center}`
  return {
    spec,
    status: () => {
      const st = base(center, s, target)
      const set = env === null || !!operatorNamedEnv(env)
      return { ...st, ok: set, state: set ? 'waiting' : 'error', error: set ? '' : `${env} is not set: ${target} refuses every request (403)` }
    },
    stop: async () => {},
  }
}

export type RunnerOptions = { reconcileMs?: number; log?: (m: string) => void }

export class SourceRunner {
  private readonly running = new Map<string, Running>()
  private timer: NodeJS.Timeout | null = null
  private busy: Promise<void> = Promise.resolve()
  private readonly runner = `${os.hostname()}:${process.pid}`
  private readonly log: (m: string) => void
  /** Set when the configuration cannot be read: the sources keep running with the last good one. */
  configError = ''
  constructor(private readonly o: RunnerOptions = {}) {
    this.log = o.log ?? ((m) => console.log(`[connectors] ${m}`))
  }

  start(): this {
    const tick = () => {
      this.busy = this.busy.then(() => this.tick()).catch((e) => this.log(`tick: ${(e as Error).message}`))
    }
    tick()
    this.timer = setInterval(tick, this.o.reconcileMs ?? 2_000)
    this.timer.unref?.()
    return this
  }

  /** Start, restart and stop sources to match the configuration, then report their status. */
  async tick(): Promise<void> {
    await this.reconcile()
    await this.report()
  }

  async reconcile(): Promise<void> {
    let centers
    try {
      centers = allSources()
      this.configError = ''
    } catch (e) {
      this.configError = (e as Error).message
      return
    }
    const want = new Map(centers.map((c) => [c.id, c.source]))
    for (const [center, r] of this.running) {
      const s = want.get(center)
      if (!s || JSON.stringify(s) !== r.spec) {
        this.running.delete(center)
        await r.stop()
        this.log(`[${center}] source stopped${s ? ' (changed)' : ''}`)
      }
    }
    for (const [center, s] of want) {
      if (this.running.has(center)) continue
      const spec = JSON.stringify(s)
      const r =
        s.connector === 'queue_log'
          ? startQueueLog(center, s, spec, this.log)
          : s.connector === 'connect_kafka'
            ? startConnectKafka(center, s, spec, this.log)
            : checkWebhook(center, s, spec)
      this.running.set(center, r)
      this.log(`[${center}] source started: ${s.connector}`)
    }
  }

  statuses(): SourceStatus[] {
    return [...this.running.values()].map((r) => r.status())
  }

  async report(): Promise<void> {
    const now = chTime(Date.now())
    const rows = this.statuses().map((s) => ({
      center_id: s.center,
      connector: s.connector,
      target: s.target,
      ok: s.ok ? 1 : 0,
      state: s.state,
      error: s.error.slice(0, 2000),
      records: s.totals.records,
      events: s.totals.events,
      rejected: s.totals.rejected,
      last_record_at: s.lastRecordAt === null ? null : chTime(s.lastRecordAt),
      runner: this.runner,
      updated_at: now,
    }))
    if (rows.length) await getClickHouse().insert({ table: 'connector_status', values: rows, format: 'JSONEachRow' })
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await this.busy
    await Promise.all([...this.running.values()].map((r) => r.stop()))
    this.running.clear()
  }
}

const g = globalThis as unknown as { __plateauSources?: SourceRunner }

/** Does a runner run in this process (sources added here are then followed)? */
export function sourcesRunning(): boolean {
  return !!g.__plateauSources
}

/** The process's one runner (idempotent). PLATEAU_CONNECTORS=0 turns it off. */
export function startSources(o: RunnerOptions = {}): SourceRunner | null {
  if (process.env.PLATEAU_CONNECTORS === '0') return null
  return (g.__plateauSources ??= new SourceRunner(o).start())
}

/** `npm run connectors`: the runner on its own (scale mode: server store, Kafka pipeline). */
if (process.argv[1] && /connectors[\\/]sources\.ts$/.test(process.argv[1])) {
  ;(async () => {
    const { migrate } = await import('@/lib/migrate')
    await migrate((m) => console.log(`[connectors] ${m}`))
    const r = new SourceRunner().start()
    const stop = () => void r.stop().then(() => process.exit(0))
    process.on('SIGTERM', stop)
    process.on('SIGINT', stop)
  })().catch((e) => {
    console.error(e)
    process.exit(1)
  })
}
