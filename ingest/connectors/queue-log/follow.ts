/**
 * Follow a live queue_log with `tail -F` semantics: new complete lines are mapped and stored,
 * then a checkpoint (inode + byte offset) is written atomically. Rotation (the file renamed and
 * recreated: new inode) → the rest of the old file is read first, then the new one from 0.
 * Truncation (size below the offset) → from 0. After a crash (even kill -9) the follower restarts
 * from the checkpoint: lines stored but not yet checkpointed are read again and map to the same
 * event ids, so nothing is lost or doubled.
 *
 *   node --import tsx ingest/connectors/queue-log/follow.ts --center ID --checkpoint FILE QUEUE_LOG
 */
import fs from 'node:fs'
import { addSummary, emptySummary, feedMapped, type FeedSummary } from '../feed'
import { rejected } from '../mapped'
import { mapQueueLogLine, type QueueLogOptions } from './map'

type Checkpoint = { ino: number; offset: number }
const strict = new TextDecoder('utf-8', { fatal: true })

export type FollowOptions = QueueLogOptions & {
  file: string
  checkpoint: string
  pollMs?: number
  maxChunk?: number
  /** How long the file may be missing (between a rotation's rename and re-creation) before it is reported. */
  missingGraceMs?: number
  log?: (m: string) => void
}

function readCheckpoint(p: string): Checkpoint | null {
  try {
    return JSON.parse(fs.readFileSync(p, 'utf8')) as Checkpoint
  } catch {
    return null
  }
}
function writeCheckpoint(p: string, c: Checkpoint) {
  fs.writeFileSync(p + '.tmp', JSON.stringify(c))
  fs.renameSync(p + '.tmp', p)
}

/** What a follower reports (ingest/connectors/sources.ts): openError set while the file cannot be opened. */
export type FollowStatus = { openError: string | null; totals: FeedSummary; lastRecordAt: number | null }

export class QueueLogFollower {
  readonly status: FollowStatus = { openError: null, totals: emptySummary(), lastRecordAt: null }
  private stopped = false
  private fd: number | null = null
  private ino = -1
  private offset = 0
  private missingSince: number | null = null
  constructor(private readonly o: FollowOptions) {}

  stop() {
    this.stopped = true
  }

  /** Store the complete lines from the current offset of the open fd; returns bytes consumed. */
  private async drain(): Promise<number> {
    if (this.fd === null) return 0
    const size = fs.fstatSync(this.fd).size
    if (size < this.offset) {
      this.o.log?.(`queue_log truncated (${size} < ${this.offset}): reading from 0`)
      this.offset = 0
    }
    const want = Math.min(size - this.offset, this.o.maxChunk ?? 4 << 20)
    if (want <= 0) return 0
    const buf = Buffer.alloc(want)
    const n = fs.readSync(this.fd, buf, 0, want, this.offset)
    const last = buf.subarray(0, n).lastIndexOf(10)
    if (last < 0) return 0 // an incomplete line: wait for its end
    const items: Array<{ raw: string; mapped: ReturnType<typeof mapQueueLogLine> }> = []
    let start = 0
    for (let nl = buf.indexOf(10); nl !== -1 && nl <= last; nl = buf.indexOf(10, start)) {
      let line = buf.subarray(start, nl)
      if (line.length && line[line.length - 1] === 13) line = line.subarray(0, line.length - 1)
      start = nl + 1
      if (!line.length) continue
      let text: string
      try {
        text = strict.decode(line)
      } catch {
        items.push({ raw: new TextDecoder().decode(line), mapped: rejected('line is not valid UTF-8') })
        continue
      }
      items.push({ raw: text, mapped: mapQueueLogLine(text, this.o) })
    }
    addSummary(this.status.totals, await feedMapped(items, 'queue_log'))
    if (items.length) this.status.lastRecordAt = Date.now()
    this.offset += last + 1
    writeCheckpoint(this.o.checkpoint, { ino: this.ino, offset: this.offset })
    return last + 1
  }

  private open(): boolean {
    try {
      const fd = fs.openSync(this.o.file, 'r')
      this.fd = fd
      this.ino = fs.fstatSync(fd).ino
      this.status.openError = null
      return true
    } catch (e) {
      this.status.openError = `cannot open ${this.o.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`
      return false
    }
  }

  async run(): Promise<void> {
    const cp = readCheckpoint(this.o.checkpoint)
    if (this.open()) {
      // Same file as the checkpoint → resume there; otherwise it was rotated while we were down
      // (the checkpointed file is gone or renamed): the new file is read from 0.
      this.offset = cp && cp.ino === this.ino ? cp.offset : 0
    }
    try {
      await this.loop()
    } finally {
      if (this.fd !== null) fs.closeSync(this.fd)
      this.fd = null
    }
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      if (this.fd === null) this.open()
      while (!this.stopped && (await this.drain()) > 0);
      let st: fs.Stats | null = null
      try {
        st = fs.statSync(this.o.file)
        this.missingSince = null
      } catch (e) {
        // Rotated away and not yet recreated: normal for a moment; reported once it lasts.
        this.missingSince ??= Date.now()
        if (Date.now() - this.missingSince > (this.o.missingGraceMs ?? 5_000))
          this.status.openError = `cannot open ${this.o.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`
      }
      if (st && this.fd !== null) this.status.openError = null
      if (st && this.fd !== null && st.ino !== this.ino) {
        while ((await this.drain()) > 0); // the rest of the old file first
        fs.closeSync(this.fd)
        this.fd = null
        this.offset = 0
        this.o.log?.('queue_log rotated: following the new file')
        continue
      }
      await new Promise((r) => setTimeout(r, this.o.pollMs ?? 250))
    }
  }
}

if (process.argv[1] && /queue-log[\\/]follow\.ts$/.test(process.argv[1])) {
  const a = process.argv.slice(2)
  const opt = (k: string) => {
    const i = a.indexOf(k)
    return i >= 0 ? a.splice(i, 2)[1] : undefined
  }
  const center = opt('--center')
  const checkpoint = opt('--checkpoint')
  const file = a[0]
  if (!center || !checkpoint || !file) {
    console.error('usage: follow.ts --center ID --checkpoint FILE QUEUE_LOG')
    process.exit(2)
  }
  ;(async () => {
    const { migrate } = await import('@/lib/migrate')
    await migrate()
    const f = new QueueLogFollower({ center, checkpoint, file, maxChunk: Number(process.env.PLATEAU_FOLLOW_MAX_CHUNK || 4 << 20), log: (m) => console.log(`[follow] ${m}`) })
    process.on('SIGTERM', () => f.stop())
    await f.run()
    process.exit(0)
  })().catch((e) => {
    console.error(e)
    process.exit(1)
  })
}
