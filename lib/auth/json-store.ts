/**
 * Small JSON files in the data dir (users, API keys, display links): read with an mtime cache
 * (so edits by another process — CLI, admin page in another worker — are seen on the next
 * request) and written atomically (tmp + rename, mode 0600).
 */
import fs from 'node:fs'
import path from 'node:path'

type Entry = { mtimeMs: number; size: number; value: unknown }
const g = globalThis as unknown as { __plateauJsonCache?: Map<string, Entry> }
const cache = (g.__plateauJsonCache ??= new Map())

export function readJson<T>(file: string, empty: () => T, parse: (raw: unknown) => T): T {
  let st: fs.Stats
  try {
    st = fs.statSync(file)
  } catch {
    cache.delete(file)
    return empty()
  }
  const hit = cache.get(file)
  if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.value as T
  const raw = fs.readFileSync(file, 'utf8')
  let value: T
  try {
    value = parse(JSON.parse(raw))
  } catch (e) {
    throw new Error(`${file}: invalid content (${(e as Error).message})`)
  }
  cache.set(file, { mtimeMs: st.mtimeMs, size: st.size, value })
  return value
}

export function writeJson(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`
  fs.writeFileSync(tmp, JSON.stringify(value, null, 2) + '\n', { mode: 0o600 })
  fs.renameSync(tmp, file)
  cache.delete(file)
}

/** Serialise read-modify-write cycles inside this process. */
const locks = new Map<string, Promise<unknown>>()
export async function mutateJson<T, R>(file: string, read: () => T, fn: (v: T) => R | Promise<R>, write: (v: T) => void): Promise<R> {
  const prev = locks.get(file) ?? Promise.resolve()
  const run = prev.catch(() => undefined).then(async () => {
    const v = read()
    const copy = structuredClone(v)
    const r = await fn(copy)
    write(copy)
    return r
  })
  locks.set(file, run)
  try {
    return await run
  } finally {
    if (locks.get(file) === run) locks.delete(file)
  }
}
