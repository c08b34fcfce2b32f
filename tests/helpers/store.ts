/**
 * A fresh embedded ClickHouse for one integration test file (each file runs in its own
 * process; chdb binds one data directory per process).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export async function freshStore(prefix = 'plateau-test-'): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  process.env.PLATEAU_DATA_DIR = dir
  delete process.env.CLICKHOUSE_URL
  const { migrate } = await import('@/lib/migrate')
  await migrate()
  return dir
}

/** Build valid events tersely: ev('contact.queued', '10:00:00', {...}) on a fixed day. */
export function at(day: string, hms: string, offset = 'Z'): string {
  return `${day}T${hms}${hms.includes('.') ? '' : '.000'}${offset}`
}
