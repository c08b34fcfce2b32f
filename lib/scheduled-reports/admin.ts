/**
 * Report schedules edited from /reports/schedules: the same file the scheduler reads
 * (PLATEAU_REPORT_SCHEDULES), one schedule at a time (lib/yaml-list-file.ts).
 *
 * Who may do what: admins every schedule; managers only schedules whose centers are all theirs
 * (a schedule naming another center is not theirs to change, even partly). Recipients are
 * Plateau users: their own roles and centers still decide, at send time, what each one receives.
 */
import 'server-only'
import { stringify } from 'yaml'
import { effectiveCenters, type Principal } from '../auth/principal'
import { editYamlList, ListEditError, plainEntry, rawEntry } from '../yaml-list-file'
import { invalidateSchedules, parseSchedules, schedulesPath } from './config'
import { ScheduleSpec } from './schedule'

export function canManageSchedule(who: Principal, s: Pick<ScheduleSpec, 'centers'>): boolean {
  if (who.kind !== 'user' || !who.roles.some((r) => r === 'admin' || r === 'manager')) return false
  const centers = effectiveCenters(who)
  return centers === '*' || s.centers.every((c) => centers.includes(c))
}

export function parseScheduleInput(body: unknown): ScheduleSpec {
  const r = ScheduleSpec.safeParse(rawEntry(body, 'schedule'))
  if (!r.success) throw new ListEditError(400, r.error.issues.map((i) => `${i.path.join('.') || '(schedule)'}: ${i.message}`).join('; ').slice(0, 2000))
  return r.data
}

/** One schedule as YAML for the edit form. */
export function scheduleYaml(s: ScheduleSpec): string {
  return stringify(plainEntry(s))
}

/** Create (id new) or replace (mode 'update') one schedule; the whole file is validated first. */
export async function saveSchedule(who: Principal, input: ScheduleSpec, mode: 'create' | 'update', id = input.id): Promise<ScheduleSpec> {
  const file = schedulesPath()
  await editYamlList(
    file,
    'schedules',
    ({ doc, seq, text }) => {
      if (!canManageSchedule(who, input)) throw new ListEditError(403, `not your centers: ${input.centers.join(', ')}`)
      const current = parseSchedules(text, file)
      const idx = current.findIndex((s) => s.id === id)
      if (mode === 'create' && idx >= 0) throw new ListEditError(409, `a schedule ${id} already exists`)
      if (mode === 'update') {
        if (idx < 0 || !canManageSchedule(who, current[idx]!)) throw new ListEditError(404, `no schedule ${id}`)
        if (input.id !== id && current.some((s) => s.id === input.id)) throw new ListEditError(409, `a schedule ${input.id} already exists`)
      }
      const node = doc.createNode(plainEntry(input))
      if (idx >= 0) seq.items[idx] = node
      else seq.items.push(node)
    },
    (text) => void parseSchedules(text, file),
  )
  invalidateSchedules()
  return input
}

export async function deleteSchedule(who: Principal, id: string): Promise<void> {
  const file = schedulesPath()
  await editYamlList(
    file,
    'schedules',
    ({ seq, text }) => {
      const current = parseSchedules(text, file)
      const idx = current.findIndex((s) => s.id === id)
      if (idx < 0 || !canManageSchedule(who, current[idx]!)) throw new ListEditError(404, `no schedule ${id}`)
      seq.items.splice(idx, 1)
    },
    () => {},
  )
  invalidateSchedules()
}
