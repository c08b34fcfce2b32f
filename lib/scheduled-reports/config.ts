/**
 * The schedules file (YAML, PLATEAU_REPORT_SCHEDULES, default config/report-schedules.yaml), re-read
 * when its mtime changes, like lib/config. A missing file means no schedules; an invalid file keeps
 * the last valid schedules and logs the error (a typo never silently stops every report).
 */
import 'server-only'
import fs from 'node:fs'
import path from 'node:path'
import YAML from 'yaml'
import { SchedulesFile, type ScheduleSpec } from './schedule'

export class SchedulesError extends Error {}

export function schedulesPath(): string {
  return path.resolve(process.env.PLATEAU_REPORT_SCHEDULES || 'config/report-schedules.yaml')
}

export function parseSchedules(text: string, source = 'schedules'): ScheduleSpec[] {
  let raw: unknown
  try {
    raw = YAML.parse(text) ?? {}
  } catch (e) {
    throw new SchedulesError(`${source}: invalid YAML: ${(e as Error).message}`)
  }
  const r = SchedulesFile.safeParse(raw)
  if (!r.success) throw new SchedulesError(`${source}: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`)
  return r.data.schedules
}

let cache: { file: string; mtimeMs: number; schedules: ScheduleSpec[] } | null = null

/** After this process rewrote the file (admin pages): read it again on the next load. */
export function invalidateSchedules(): void {
  cache = null
}

export function loadSchedules(log: (m: string) => void = console.error): ScheduleSpec[] {
  const file = schedulesPath()
  const mtimeMs = fs.statSync(/*turbopackIgnore: true*/ file, { throwIfNoEntry: false })?.mtimeMs ?? -1
  if (cache && cache.file === file && cache.mtimeMs === mtimeMs) return cache.schedules
  if (mtimeMs < 0) {
    cache = { file, mtimeMs, schedules: [] }
    return []
  }
  try {
    const schedules = parseSchedules(fs.readFileSync(/*turbopackIgnore: true*/ file, 'utf8'), file)
    cache = { file, mtimeMs, schedules }
    return schedules
  } catch (e) {
    log(`[plateau] report schedules: ${(e as Error).message} (keeping the previous schedules)`)
    return cache?.file === file ? cache.schedules : []
  }
}
