/**
 * queue_log follow (tail -F) in a real child process with its own embedded store: kill -9 in
 * the middle of a file, restart from the checkpoint, rotation (rename + new file, lines still
 * written to the old one), truncation. Every call is 2 lines → 2 events with distinct ids: the
 * store must end with exactly 2 × calls events, none doubled.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { queryStore, REPO } from '../helpers/worker'
import { until } from '../helpers/pipeline'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-follow-'))
const data = path.join(dir, 'data')
const log = path.join(dir, 'queue_log')
const cpFile = path.join(dir, 'checkpoint.json')
const E0 = Date.parse('2026-11-10T09:00:00Z') / 1000
let calls = 0
const part = (n: number) => {
  let s = ''
  for (let i = 0; i < n; i++, calls++) s += `${E0 + calls}|f${calls}|sales||ENTERQUEUE||0600|1\n${E0 + calls + 30}|f${calls}|sales||ABANDON|1|1|30\n`
  return s
}
const cp = (): { ino: number; offset: number } => {
  try {
    return JSON.parse(fs.readFileSync(cpFile, 'utf8'))
  } catch {
    return { ino: -1, offset: -1 }
  }
}
const children: ChildProcess[] = []
function follower(): ChildProcess {
  const c = spawn(process.execPath, ['--import', 'tsx', 'ingest/connectors/queue-log/follow.ts', '--center', 'fol', '--checkpoint', cpFile, log], {
    cwd: REPO,
    env: { ...process.env, PLATEAU_DATA_DIR: data, PLATEAU_FLUSH_MS: '20', PLATEAU_FOLLOW_MAX_CHUNK: '3000', KAFKA_BROKERS: '' },
    stdio: 'inherit',
  })
  children.push(c)
  return c
}
const exited = (c: ChildProcess) => new Promise<void>((r) => (c.exitCode !== null || c.signalCode ? r() : c.once('exit', () => r())))

afterAll(() => {
  for (const c of children) if (c.exitCode === null && !c.signalCode) c.kill('SIGKILL')
  fs.rmSync(dir, { recursive: true, force: true })
})

it('kill -9 mid-file, rotation and truncation: nothing lost, nothing doubled', async () => {
  fs.writeFileSync(log, part(50))
  let f = follower()
  await until('first part read', 60_000, () => cp().offset === fs.statSync(log).size)
  const sizeA = fs.statSync(log).size
  fs.appendFileSync(log, part(400)) // ~40 KB, read 3 KB at a time
  await until('second part started', 30_000, () => cp().offset > sizeA, 5)
  f.kill('SIGKILL')
  await exited(f)
  expect(cp().offset).toBeLessThan(fs.statSync(log).size) // killed in the middle of the file

  f = follower()
  await until('caught up after restart', 60_000, () => cp().offset === fs.statSync(log).size)
  // Rotation: the file is renamed, the logger still writes a few lines to it, then a new file.
  fs.renameSync(log, log + '.1')
  fs.appendFileSync(log + '.1', part(20))
  fs.writeFileSync(log, part(100))
  const newIno = fs.statSync(log).ino
  await until('new file followed', 60_000, () => cp().ino === newIno && cp().offset === fs.statSync(log).size)
  // Truncation: same inode, shorter content.
  fs.writeFileSync(log, part(10))
  const small = fs.statSync(log).size
  await until('truncated file re-read', 60_000, () => cp().offset === small)
  f.kill('SIGTERM')
  await exited(f)

  const r = await queryStore<{ n: string; u: string; q: string }>(data, {
    queries: { c: `SELECT count() AS n, uniqExact(event_id) AS u, countIf(type = 'contact.queued') AS q FROM events WHERE center_id = 'fol'` },
  })
  const row = r.c![0]!
  expect(calls).toBe(50 + 400 + 20 + 100 + 10)
  expect(Number(row.u)).toBe(2 * calls) // every line's event, once
  expect(Number(row.q)).toBe(calls)
}, 240_000)
