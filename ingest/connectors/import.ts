/**
 * `npm run import -- --format queue_log|connect-ctr|twilio|ndjson --center ID [--restart] FILE…`
 *
 * Bulk import through the connectors' mappers, the v1 validation and the usual store path
 * (embedded store, or Kafka when KAFKA_BROKERS is set). Idempotent: event ids come from the
 * source, so importing a file twice changes nothing. Resumable: after each durable batch a
 * checkpoint (uncompressed byte offset + a fingerprint of the file's head) is written under
 * <data dir>/import-checkpoints/, and a new run on the same file starts from it (--restart
 * ignores it). Progress (rate, ETA) on stderr; a summary of accepted / skipped / rejected lines
 * with reasons at the end (rejected ones are in dead_letters).
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { parseEvent } from '@/lib/contract/events'
import { mapQueueLogLine } from './queue-log/map'
import { mapConnectLine } from './connect/map'
import { TwilioMapper, type TwilioParams } from './twilio/map'
import { addSummary, emptySummary, feedMapped, type FeedSummary } from './feed'
import { events, rejected, type Mapped } from './mapped'
import { readLines } from './lines'

export const FORMATS = ['queue_log', 'connect-ctr', 'twilio', 'ndjson'] as const
export type Format = (typeof FORMATS)[number]

export type ImportOptions = {
  format: Format
  center: string
  files: string[]
  restart?: boolean
  batchLines?: number
  checkpointDir?: string
  progress?: (p: { file: string; lines: number; rate: number; fraction: number; etaS: number | null }) => void
}

/** A mapper for one run (Twilio's keeps per-task instants across lines). */
export function lineMapper(format: Format, center: string): (line: string) => Mapped {
  const o = { center }
  switch (format) {
    case 'queue_log':
      return (l) => mapQueueLogLine(l, o)
    case 'connect-ctr':
      return (l) => mapConnectLine(l, o)
    case 'twilio': {
      const m = new TwilioMapper()
      return (l) => {
        let p: TwilioParams
        try {
          p = l.trimStart().startsWith('{') ? JSON.parse(l) : Object.fromEntries(new URLSearchParams(l))
        } catch (e) {
          return rejected(`invalid JSON: ${(e as Error).message}`)
        }
        return m.map(p, o)
      }
    }
    case 'ndjson':
      return (l) => {
        const r = parseEvent(l)
        return r.ok ? events(r.event) : rejected(r.reason)
      }
  }
}

type Checkpoint = { offset: number; head: string }

/**
 * Lines per batch: one insert (and one checkpoint) per batch. Large: the store's cost per insert
 * is mostly fixed (a part per table and view, merges later), so 100k-line inserts took
 * ~0.6× the time per event of 20k-line ones beside the raw insert (BENCHMARKS.md, Import).
 */
export const IMPORT_BATCH_LINES = 100_000

/**
 * The first batch is smaller: the store has nothing to do until a first batch is mapped, so a
 * short first batch starts it after a fifth of that wait; later batches are mapped while the
 * previous one is stored.
 */
export const IMPORT_FIRST_BATCH_LINES = 20_000

async function fingerprint(file: string): Promise<string> {
  const fd = await fs.promises.open(file, 'r')
  try {
    const b = Buffer.alloc(65536)
    const { bytesRead } = await fd.read(b, 0, b.length, 0)
    return createHash('sha1').update(b.subarray(0, bytesRead)).digest('hex')
  } finally {
    await fd.close()
  }
}

export const defaultCheckpointDir = () => path.join(path.resolve(process.env.PLATEAU_DATA_DIR || './data'), 'import-checkpoints')

export async function runImport(o: ImportOptions): Promise<FeedSummary & { resumedFrom: Record<string, number> }> {
  const total = emptySummary()
  const resumedFrom: Record<string, number> = {}
  const dir = o.checkpointDir ?? defaultCheckpointDir()
  fs.mkdirSync(dir, { recursive: true })
  const map = lineMapper(o.format, o.center)
  for (const file of o.files) {
    const abs = path.resolve(file)
    const cpFile = path.join(dir, createHash('sha1').update(`${o.format}\0${o.center}\0${abs}`).digest('hex') + '.json')
    const head = await fingerprint(abs)
    let from = 0
    if (!o.restart && fs.existsSync(cpFile)) {
      const cp = JSON.parse(fs.readFileSync(cpFile, 'utf8')) as Checkpoint
      if (cp.head === head) from = cp.offset
    }
    resumedFrom[file] = from
    const size = fs.statSync(abs).size
    const t0 = Date.now()
    let lines = 0
    let inFlight: Promise<void> | null = null
    for await (const { lines: batch, compressedRead } of readLines(abs, o.batchLines ?? IMPORT_BATCH_LINES, from, IMPORT_FIRST_BATCH_LINES)) {
      const items = batch.map((l) => ({ raw: l.text, mapped: l.utf8 ? map(l.text) : rejected('line is not valid UTF-8') }))
      const end = batch[batch.length - 1]!.end
      // One batch stored while the next is read and mapped; the checkpoint moves only once durable.
      const prev = inFlight
      inFlight = (async () => {
        const s = await feedMapped(items, `import:${o.format}`)
        await prev
        addSummary(total, s)
        fs.writeFileSync(cpFile, JSON.stringify({ offset: end, head } satisfies Checkpoint))
      })()
      if (prev) await prev
      lines += batch.length
      const secs = (Date.now() - t0) / 1000
      const fraction = size ? Math.min(1, compressedRead / size) : 1
      o.progress?.({ file, lines, rate: secs > 0 ? lines / secs : 0, fraction, etaS: fraction > 0 && secs > 0 ? (secs / fraction) * (1 - fraction) : null })
    }
    await inFlight
  }
  return { ...total, resumedFrom }
}

function usage(msg: string): never {
  console.error(`${msg}\nusage: npm run import -- --format ${FORMATS.join('|')} --center ID [--restart] FILE…`)
  process.exit(2)
}

async function main(argv: string[]) {
  let format: string | undefined
  let center: string | undefined
  let restart = false
  const files: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '--format') format = argv[++i]
    else if (a === '--center') center = argv[++i]
    else if (a === '--restart') restart = true
    else if (a.startsWith('--')) usage(`unknown option ${a}`)
    else files.push(a)
  }
  if (!format || !(FORMATS as readonly string[]).includes(format)) usage(`--format must be one of ${FORMATS.join(', ')}`)
  if (!center) usage('--center is required')
  if (!files.length) usage('no file given')
  for (const f of files) if (!fs.existsSync(f)) usage(`no such file: ${f}`)
  const { migrate } = await import('@/lib/migrate')
  await migrate()
  const t0 = Date.now()
  let last = 0
  const s = await runImport({
    format: format as Format,
    center,
    files,
    restart,
    progress: (p) => {
      if (Date.now() - last < 500) return
      last = Date.now()
      const bar = '#'.repeat(Math.round(p.fraction * 30)).padEnd(30, '.')
      process.stderr.write(`\r${path.basename(p.file)} [${bar}] ${(p.fraction * 100).toFixed(0)}% ${p.lines} lines ${Math.round(p.rate)} lines/s ETA ${p.etaS === null ? '?' : Math.ceil(p.etaS) + ' s'}   `)
    },
  })
  const secs = (Date.now() - t0) / 1000
  process.stderr.write('\n')
  for (const [f, off] of Object.entries(s.resumedFrom)) if (off) console.log(`${f}: resumed at byte ${off}`)
  console.log(`${s.records} lines in ${secs.toFixed(1)} s: ${s.events} events accepted (${Math.round(s.events / Math.max(secs, 0.001))} events/s), ${s.skipped} lines skipped, ${s.rejected} rejected (in dead_letters)`)
  for (const [r, n] of Object.entries(s.reasons).sort((a, b) => b[1] - a[1])) console.log(`  ${n} × ${r}`)
  const { closeClickHouse } = await import('@/lib/clickhouse')
  await closeClickHouse()
  process.exit(0)
}

if (process.argv[1] && /connectors[\\/]import\.ts$/.test(process.argv[1])) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(e)
    process.exit(1)
  })
}
