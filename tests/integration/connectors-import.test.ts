/**
 * The import command's engine (runImport) on a real embedded store: a queue_log file (plain and
 * .gz) with a non-UTF-8 line and a truncated one; importing twice changes nothing; an import
 * stopped after its first batch resumes from its checkpoint with nothing lost or doubled.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { beforeAll, describe, expect, it } from 'vitest'
import { freshStore } from '../helpers/store'
import type { runImport as RunImport } from '@/ingest/connectors/import'

let runImport: typeof RunImport
let queryRows: typeof import('@/lib/clickhouse').queryRows
let dir: string
const E0 = Date.parse('2026-11-10T09:00:00Z') / 1000

// 40 calls: even ones answered (wait 10 s, talk 60 s), odd ones abandoned after 20 s. 4 lines / 3 lines each.
const lines: string[] = []
for (let i = 0; i < 40; i++) {
  const t = E0 + i * 100
  lines.push(`${t}|c${i}|sales||ENTERQUEUE||06000000${i}|1`)
  if (i % 2 === 0) {
    lines.push(`${t + 10}|c${i}|sales|SIP/a${i % 4}|CONNECT|10|b${i}|2`)
    lines.push(`${t + 70}|c${i}|sales|SIP/a${i % 4}|COMPLETECALLER|10|60|1`)
  } else lines.push(`${t + 20}|c${i}|sales||ABANDON|1|1|20`)
}
const GOOD_LINES = lines.length // 20 × 3 + 20 × 2 = 100
const GOOD_EVENTS = 20 * (1 + 1 + 2) + 20 * 2 // queued, answered, ended + wrapped; queued, abandoned = 120
const body = Buffer.concat([
  Buffer.from(lines.slice(0, 50).join('\n') + '\n'),
  Buffer.from([0x31, 0x37, 0x7c, 0xff, 0xfe, 0x7c, 0x0a]), // "17|\xff\xfe|" — not UTF-8
  Buffer.from(`${E0}|c99|sales\n`), // truncated
  Buffer.from(lines.slice(50).join('\n') + '\n'),
])

const counts = async (center: string) => {
  const [r] = await queryRows<{ n: string; u: string; q: string; ab: string }>(
    `SELECT count() AS n, uniqExact(event_id) AS u, countIf(type = 'contact.queued') AS q, countIf(type = 'contact.abandoned') AS ab FROM events FINAL WHERE center_id = {c:String}`,
    { c: center },
  )
  return { n: Number(r!.n), u: Number(r!.u), queued: Number(r!.q), abandoned: Number(r!.ab) }
}

beforeAll(async () => {
  await freshStore('plateau-import-')
  ;({ runImport } = await import('@/ingest/connectors/import'))
  ;({ queryRows } = await import('@/lib/clickhouse'))
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-import-files-'))
})

describe('npm run import (runImport)', () => {
  it('imports, rejects bad lines with reasons into dead_letters, and a second import changes nothing', async () => {
    const f = path.join(dir, 'queue_log')
    fs.writeFileSync(f, body)
    const cp = path.join(dir, 'cp1')
    const a = await runImport({ format: 'queue_log', center: 'imp', files: [f], checkpointDir: cp })
    expect(a).toMatchObject({ records: GOOD_LINES + 2, events: GOOD_EVENTS, rejected: 2, skipped: 0 })
    expect(a.reasons).toEqual({ 'line is not valid UTF-8': 1, 'truncated line: 3 of at least 5 fields': 1 })
    expect(await counts('imp')).toEqual({ n: GOOD_EVENTS, u: GOOD_EVENTS, queued: 40, abandoned: 20 })
    const dead = await queryRows<{ n: string }>(`SELECT count() AS n FROM dead_letters WHERE source = 'import:queue_log'`)
    expect(Number(dead[0]!.n)).toBe(2)
    // Same file again: the checkpoint says everything was read.
    const b = await runImport({ format: 'queue_log', center: 'imp', files: [f], checkpointDir: cp })
    expect(b.records).toBe(0)
    // --restart re-reads everything: the deterministic ids keep the store unchanged.
    const c = await runImport({ format: 'queue_log', center: 'imp', files: [f], checkpointDir: cp, restart: true })
    expect(c.events).toBe(GOOD_EVENTS)
    expect(await counts('imp')).toEqual({ n: GOOD_EVENTS, u: GOOD_EVENTS, queued: 40, abandoned: 20 })
  })

  it('a .gz file stopped after its first batch resumes from the checkpoint: nothing lost or doubled', async () => {
    const f = path.join(dir, 'queue_log.1.gz')
    fs.writeFileSync(f, gzipSync(body))
    const cp = path.join(dir, 'cp2')
    let batches = 0
    await expect(
      runImport({
        format: 'queue_log', center: 'gz', files: [f], checkpointDir: cp, batchLines: 30,
        progress: () => {
          if (++batches === 2) throw new Error('stopped')
        },
      }),
    ).rejects.toThrow('stopped')
    const partial = await counts('gz')
    expect(partial.n).toBeLessThan(GOOD_EVENTS)
    const r = await runImport({ format: 'queue_log', center: 'gz', files: [f], checkpointDir: cp, batchLines: 30 })
    expect(r.resumedFrom[f]).toBeGreaterThan(0)
    expect(r.records).toBeLessThan(GOOD_LINES + 2)
    expect(await counts('gz')).toEqual({ n: GOOD_EVENTS, u: GOOD_EVENTS, queued: 40, abandoned: 20 })
  })
})
