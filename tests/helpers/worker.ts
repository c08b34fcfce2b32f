/**
 * Spawn / stop / kill -9 the standalone ingest worker (`ingest/worker.ts`) and read an embedded
 * store from a short-lived child process.
 *
 * The worker is started as `node --import tsx ingest/worker.ts` (with tests/helpers/faults.ts preloaded) (not through `npx tsx`, whose
 * CLI runs the script in a grandchild: a SIGKILL to the CLI would leave the real worker running),
 * so `pid` is the worker itself and `kill9()` is a real crash of the process that owns the store.
 *
 * chdb binds one data dir per process and a running worker owns its dir, so a store is read
 * only after its worker has exited, by `queryStore` (tests/helpers/store-child.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const HERE = import.meta.url ? path.dirname(fileURLToPath(import.meta.url)) : __dirname
export const REPO = path.resolve(HERE, '../..')

export type Exit = { code: number | null; signal: NodeJS.Signals | null }

export interface WorkerProcess {
  readonly pid: number
  readonly name: string
  /** stdout + stderr so far. */
  output(): string
  /** Resolves when the process has exited. */
  readonly exited: Promise<Exit>
  /** Resolves once the output matches `re`; rejects on timeout or if the process exits first. */
  waitFor(re: RegExp, timeoutMs?: number): Promise<void>
  /** SIGTERM, then wait for the exit (SIGKILL after `timeoutMs`, reported as an error). */
  stop(timeoutMs?: number): Promise<Exit>
  /** SIGKILL (kill -9) and wait for the exit. */
  kill9(): Promise<Exit>
}

export type WorkerOptions = {
  brokers: string[]
  dataDir: string
  topic: string
  group: string
  name?: string
  env?: Record<string, string>
  /** Echo the worker's output to this process's stdout (debugging). */
  echo?: boolean
}

const live = new Set<ChildProcess>()
process.once('exit', () => {
  for (const c of live) c.kill('SIGKILL')
})

/** Kill -9 every worker this process started that is still running (afterAll safety net). */
export function killAllWorkers(): void {
  for (const c of live) c.kill('SIGKILL')
}

export function spawnWorker(o: WorkerOptions): WorkerProcess {
  const name = o.name ?? 'worker'
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', './tests/helpers/faults.ts', 'ingest/worker.ts'], {
    cwd: REPO,
    env: {
      ...process.env,
      KAFKA_BROKERS: o.brokers.join(','),
      KAFKA_TOPIC: o.topic,
      KAFKA_GROUP: o.group,
      PLATEAU_DATA_DIR: o.dataDir,
      CLICKHOUSE_URL: '',
      ...o.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  live.add(child)
  let out = ''
  const listeners = new Set<() => void>()
  const onData = (d: Buffer) => {
    const s = d.toString()
    out += s
    if (o.echo) process.stdout.write(s.replace(/^/gm, `[${name}] `))
    for (const l of listeners) l()
  }
  child.stdout!.on('data', onData)
  child.stderr!.on('data', onData)
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => {
      live.delete(child)
      resolve({ code, signal })
      for (const l of listeners) l()
    }),
  )
  let done = false
  void exited.then(() => (done = true))

  const w: WorkerProcess = {
    pid: child.pid!,
    name,
    output: () => out,
    exited,
    waitFor(re, timeoutMs = 60_000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (re.test(out)) return finish()
          if (done) finish(new Error(`${name} exited before printing ${re}:\n${out}`))
        }
        const timer = setTimeout(() => finish(new Error(`${name}: no ${re} after ${timeoutMs} ms:\n${out}`)), timeoutMs)
        const finish = (e?: Error) => {
          clearTimeout(timer)
          listeners.delete(check)
          if (e) reject(e)
          else resolve()
        }
        listeners.add(check)
        check()
      })
    },
    async stop(timeoutMs = 30_000) {
      if (done) return exited
      child.kill('SIGTERM')
      const t = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
      const r = await exited
      clearTimeout(t)
      if (r.signal === 'SIGKILL') throw new Error(`${name} did not exit within ${timeoutMs} ms of SIGTERM:\n${out}`)
      return r
    },
    async kill9() {
      if (!done) child.kill('SIGKILL')
      return exited
    },
  }
  return w
}

/** Spawn a worker and wait until it has joined the group and is consuming. */
export async function startWorker(o: WorkerOptions, timeoutMs = 60_000): Promise<WorkerProcess> {
  const w = spawnWorker(o)
  await w.waitFor(/consuming \S+ as group/, timeoutMs)
  return w
}

export type StoreRequest = { migrate?: boolean; importEvents?: string[]; dumpEvents?: string; queries?: Record<string, string> }

/** Open `dataDir` in a child process (the only process bound to it), run the request, return the rows by query name. */
export function queryStore<R = Record<string, unknown>>(dataDir: string, req: StoreRequest): Promise<Record<string, R[]>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/store-child.ts', JSON.stringify(req)], {
      cwd: REPO,
      env: { ...process.env, PLATEAU_DATA_DIR: dataDir, CLICKHOUSE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stdout!.on('data', (d: Buffer) => (out += d))
    child.stderr!.on('data', (d: Buffer) => (err += d))
    child.once('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('STORE-RESULT '))
      if (code !== 0 || !line) reject(new Error(`store child for ${dataDir} failed (exit ${code}):\n${err}\n${out}`))
      else resolve(JSON.parse(line.slice('STORE-RESULT '.length)))
    })
  })
}
