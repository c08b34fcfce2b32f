/**
 * Lines of a file (plain or .gz) as raw bytes with their end offset, decoded strictly: a line
 * that is not valid UTF-8 is reported as such (the caller dead-letters it), never silently
 * repaired. Offsets count uncompressed bytes, so a checkpoint can skip what was already read.
 */
import fs from 'node:fs'
import { createGunzip } from 'node:zlib'

export type Line = { text: string; utf8: boolean; end: number }

const strict = new TextDecoder('utf-8', { fatal: true })
const lenient = new TextDecoder('utf-8')

function decode(b: Buffer, end: number): Line {
  try {
    return { text: strict.decode(b), utf8: true, end }
  } catch {
    return { text: lenient.decode(b), utf8: false, end }
  }
}

/**
 * Yields batches of lines (blank lines dropped), the first of at most `firstBatchLines`, the
 * others of `batchLines`; `compressedRead` tells progress in file bytes.
 */
export async function* readLines(file: string, batchLines: number, from = 0, firstBatchLines = batchLines): AsyncGenerator<{ lines: Line[]; compressedRead: number }> {
  const raw = fs.createReadStream(file, { highWaterMark: 1 << 20 })
  const stream = file.endsWith('.gz') ? raw.pipe(createGunzip()) : raw
  let pos = 0 // uncompressed bytes consumed before `rest`
  let rest: Buffer = Buffer.alloc(0)
  let batch: Line[] = []
  let size = Math.min(firstBatchLines, batchLines)
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const buf = rest.length ? Buffer.concat([rest, chunk]) : chunk
    let start = 0
    for (let nl = buf.indexOf(10, start); nl !== -1; nl = buf.indexOf(10, start)) {
      const end = pos + nl + 1
      if (end > from) {
        let slice = buf.subarray(start, nl)
        if (slice.length && slice[slice.length - 1] === 13) slice = slice.subarray(0, slice.length - 1)
        if (slice.length) batch.push(decode(slice, end))
      }
      start = nl + 1
      if (batch.length >= size) {
        yield { lines: batch, compressedRead: raw.bytesRead }
        batch = []
        size = batchLines
      }
    }
    pos += start
    rest = buf.subarray(start)
  }
  // A last line without a newline is still a line (import reads finished files).
  if (rest.length && pos + rest.length > from) batch.push(decode(rest, pos + rest.length))
  if (batch.length) yield { lines: batch, compressedRead: raw.bytesRead }
}
