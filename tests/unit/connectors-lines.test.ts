/**
 * readLines (ingest/connectors/lines.ts) against a plain reference: the file's bytes split on
 * "\n", one trailing "\r" dropped, blank lines dropped, each line strictly decoded (invalid
 * UTF-8 flagged), `end` = the byte offset after its newline. Files mix all-ASCII stretches
 * with UTF-8 and invalid bytes, lines straddling the 1 MiB read chunks, CRLF, blank lines, a last line without a newline, and resumes from every kind of offset.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readLines, type Line } from '../../ingest/connectors/lines'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-lines-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

function reference(bytes: Buffer, from: number): Line[] {
  const out: Line[] = []
  let start = 0
  const strict = new TextDecoder('utf-8', { fatal: true })
  const push = (a: number, b: number, end: number) => {
    let slice = bytes.subarray(a, b)
    if (slice.length && slice[slice.length - 1] === 13) slice = slice.subarray(0, slice.length - 1)
    if (!slice.length || end <= from) return
    try {
      out.push({ text: strict.decode(slice), utf8: true, end })
    } catch {
      out.push({ text: new TextDecoder('utf-8').decode(slice), utf8: false, end })
    }
  }
  for (let nl = bytes.indexOf(10); nl !== -1; nl = bytes.indexOf(10, start)) {
    push(start, nl, nl + 1)
    start = nl + 1
  }
  if (start < bytes.length) push(start, bytes.length, bytes.length)
  return out
}

async function collect(file: string, batch: number, from: number): Promise<Line[]> {
  const out: Line[] = []
  for await (const b of readLines(file, batch, from)) {
    expect(b.lines.length).toBeLessThanOrEqual(batch)
    out.push(...b.lines)
  }
  return out
}

function build(seed: number): Buffer {
  let x = seed
  const rnd = () => ((x = (x * 1103515245 + 12345) >>> 0) / 2 ** 32)
  const parts: Buffer[] = []
  // ~3 MiB: several read chunks, long ASCII stretches and a few odd lines in between.
  for (let i = 0; i < 60_000; i++) {
    const r = rnd()
    if (r < 0.002) parts.push(Buffer.from([0x66, 0xff, 0xfe, 0x0a])) // invalid UTF-8
    else if (r < 0.004) parts.push(Buffer.from(`appel-é-${i}|Zürich|😀\n`, 'utf8'))
    else if (r < 0.006) parts.push(Buffer.from('\n'))
    else if (r < 0.008) parts.push(Buffer.from(`${i}|crlf\r\n`))
    else if (r < 0.009) parts.push(Buffer.from('\r\n'))
    else parts.push(Buffer.from(`${1764000000 + i}|call-${i}|sales-${i % 7}|PJSIP/${i % 50}|CONNECT|${'x'.repeat(Math.floor(rnd() * 40))}\n`))
  }
  parts.push(Buffer.from('1764999999|last|q||ABANDON|1|1|30')) // no final newline
  return Buffer.concat(parts)
}

describe('readLines', () => {
  for (const [name, seed] of [['mixed', 7], ['mixed, other layout', 99]] as const) {
    it(`gives the reference's lines and offsets (${name}), from the start and from resumed offsets`, async () => {
      const bytes = build(seed)
      const file = path.join(dir, `${name}.log`)
      fs.writeFileSync(file, bytes)
      const all = reference(bytes, 0)
      expect(all.some((l) => !l.utf8)).toBe(true)
      expect(all.some((l) => l.text.includes('😀'))).toBe(true)
      expect(await collect(file, 20_000, 0)).toEqual(all)
      // A checkpoint is a line's end; resuming there gives exactly the lines after it.
      for (const k of [1, 777, Math.floor(all.length / 2), all.length - 1]) {
        const from = all[k - 1]!.end
        expect(await collect(file, 5_000, from)).toEqual(all.slice(k))
      }
      expect(await collect(file, 1_000, bytes.length)).toEqual([])
      // A smaller first batch (the import starts the store early), then full batches; same lines.
      const sizes: number[] = []
      const lines: Line[] = []
      for await (const b of readLines(file, 20_000, 0, 3_000)) sizes.push(b.lines.length), lines.push(...b.lines)
      expect(sizes.slice(0, 3)).toEqual([3_000, 20_000, 20_000])
      expect(lines).toEqual(all)
    })
  }
})
