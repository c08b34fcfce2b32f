/**
 * The scenario file (YAML, see scenarios/default.yaml and docs/simulator.md): its schema, the
 * loader, and the compiled model the engine runs on. Everything the engine needs is resolved
 * here once (defaults merged, hours parsed, distributions turned into lognormal parameters),
 * so errors in the file are reported up front with their path.
 */
import fs from 'node:fs'
import path from 'node:path'
import { parse as parseYaml } from 'yaml'
import { z } from 'zod'
import { OUTCOMES } from '../lib/contract/vocabulary'
import { lognormalFromMean, type LogNormal } from './rng'
import { parseDays, parseHm, parseIntervals, WEEKDAYS } from './time'

// ---------------------------------------------------------------- file schema

const Dist = z.strictObject({
  mean: z.number().positive(),
  cv: z.number().min(0).max(5).default(0.5),
  min: z.number().min(0).optional(),
  max: z.number().positive().optional(),
})
type DistIn = z.infer<typeof Dist>

const Hours = z.record(z.string(), z.string())
const Weights = z.record(z.string(), z.number().min(0))
const Curve = z.array(z.number().min(0)).length(24)
const DayFactors = z.strictObject({
  mon: z.number().min(0),
  tue: z.number().min(0),
  wed: z.number().min(0),
  thu: z.number().min(0),
  fri: z.number().min(0),
  sat: z.number().min(0),
  sun: z.number().min(0),
  holiday: z.number().min(0).optional(),
})

const QueueBehaviour = z.strictObject({
  priority: z.number().int().min(1).max(99).optional(),
  answer_delay_s: Dist.optional(),
  talk_s: Dist.optional(),
  hold: z.strictObject({ p: z.number().min(0).max(1), duration_s: Dist }).optional(),
  acw_s: Dist.optional(),
  patience_s: Dist.nullable().optional(),
  transfer: z.strictObject({ p: z.number().min(0).max(1), to: Weights }).optional(),
  resolved: z.number().min(0).max(1).optional(),
  outcomes: Weights.optional(),
  revenue: Dist.optional(),
  survey: z
    .strictObject({
      rate: z.number().min(0).max(1),
      csat: z.boolean().default(true),
      nps: z.boolean().default(false),
      delay_s: Dist,
      bias: z.number().default(0),
      wait_ref_s: z.number().positive().optional(),
    })
    .optional(),
  repeat: z
    .strictObject({ unresolved: z.number().min(0).max(1), resolved: z.number().min(0).max(1).default(0), delay_h: Dist })
    .optional(),
  retry_after_abandon: z.strictObject({ p: z.number().min(0).max(1), delay_min: Dist }).optional(),
  noise: z.number().min(0).max(1).optional(),
  keep_idle: z.number().int().min(0).max(50).optional(),
})
type Behaviour = z.infer<typeof QueueBehaviour>

const Campaign = z.strictObject({
  id: z.string().min(1).max(128),
  from: z.string().optional(),
  to: z.string().optional(),
  weight: z.number().positive().default(1),
})

const QueueIn = QueueBehaviour.extend({
  id: z.string().min(1).max(128),
  channel: z.enum(['voice', 'chat', 'email']),
  direction: z.enum(['inbound', 'outbound']).default('inbound'),
  skill: z.string().min(1),
  volume: z.number().min(0).optional(),
  curve: z.union([z.string(), Curve]).optional(),
  days: z.union([z.string(), DayFactors]).optional(),
  hours: Hours.optional(),
  dialer: z
    .strictObject({
      calling_hours: Hours,
      connect_rate: z.number().min(0).max(1),
      ring_s: Dist,
      preview_s: Dist,
      campaigns: z.array(Campaign).min(1),
    })
    .optional(),
})

const BreakIn = z.strictObject({
  after_h: z.number().min(0),
  minutes: z.number().positive(),
  reason: z.string().max(256).default('break'),
  jitter_min: z.number().min(0).default(15),
})

const TeamIn = z.strictObject({
  id: z.string().min(1),
  size: z.number().int().positive(),
  skills: z.array(z.string().min(1)).min(1),
  chat_concurrency: z.number().int().min(1).max(6).default(2),
  absence: z.number().min(0).max(1).default(0.05),
  shifts: z
    .array(z.strictObject({ days: z.string(), start: z.string(), end: z.string(), count: z.number().int().min(0) }))
    .min(1),
  breaks: z.array(BreakIn).optional(),
  meetings: z
    .array(
      z.strictObject({
        days: z.string(),
        at: z.string(),
        minutes: z.number().positive(),
        reason: z.string().max(256).default('team meeting'),
        share: z.number().min(0).max(1).default(1),
      }),
    )
    .default([]),
  training: z
    .strictObject({ rate: z.number().min(0).max(1), minutes: z.number().positive(), reason: z.string().max(256).default('training') })
    .optional(),
})

const CenterIn = z.strictObject({
  id: z.string().min(1).max(128),
  name: z.string(),
  reporting_line: z.enum(['sales', 'marketing', 'customer_service', 'general_management']),
  sourcing: z.enum(['in_house', 'outsourced']),
  timezone: z.string(),
  customers: z.number().int().positive().default(100_000),
  holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).default([]),
  hours: Hours,
  queues: z.array(QueueIn).min(1),
  teams: z.array(TeamIn).min(1),
})

export const ScenarioFile = z.strictObject({
  version: z.literal(1),
  name: z.string().default('scenario'),
  description: z.string().optional(),
  seed: z.number().int().optional(),
  curves: z.record(z.string(), Curve).default({}),
  day_factors: z.record(z.string(), DayFactors).default({}),
  breaks: z.array(BreakIn).default([]),
  defaults: z.partialRecord(z.enum(['voice', 'chat', 'email', 'outbound']), QueueBehaviour).default({}),
  centers: z.array(CenterIn).min(1),
})
export type ScenarioFile = z.input<typeof ScenarioFile>

// ---------------------------------------------------------------- compiled model

export type Channel = 'voice' | 'chat' | 'email'
/** Opening intervals per weekday (0 = Sunday … 6 = Saturday, 7 = public holiday), minutes. */
export type WeekHours = [number, number][][]

export type SurveyM = { rate: number; csat: boolean; nps: boolean; delay: LogNormal; bias: number; waitRefS: number }

export type QueueM = {
  idx: number
  id: string
  center: number
  channel: Channel
  direction: 'inbound' | 'outbound'
  skill: string
  priority: number
  volume: number
  curve: number[]
  dayFactors: number[] // 0..6 by weekday, 7 = holiday
  hours: WeekHours
  noise: number
  /** Deferred work: taken only while this many other agents stay idle on the agent's higher-priority queues. */
  keepIdle: number
  answerDelay: LogNormal
  talk: LogNormal
  holdP: number
  hold: LogNormal
  acw: LogNormal
  patience: LogNormal | null
  transferP: number
  transferTo: number[] // queue idx
  transferCum: number[]
  resolved: number
  outcomes: (typeof OUTCOMES)[number][]
  outcomeCum: number[]
  revenue: LogNormal | null
  survey: SurveyM | null
  repeatUnresolved: number
  repeatResolved: number
  repeatDelay: LogNormal // ms
  retryP: number
  retryDelay: LogNormal // ms
  dialer: {
    callingHours: WeekHours
    connect: number
    ring: LogNormal
    preview: LogNormal
    campaigns: { id: string; from: number; to: number; weight: number }[] // local day numbers
  } | null
  agents: number[] // agent idx able to serve it
}

export type ShiftM = { days: number[]; start: number; end: number; count: number }
export type BreakM = { afterMin: number; minutes: number; reason: string; jitter: number }

export type TeamM = {
  idx: number
  id: string
  center: number
  skills: string[]
  chatCap: number
  absence: number
  shifts: ShiftM[]
  breaks: BreakM[]
  meetings: { days: number[]; at: number; minutes: number; reason: string; share: number }[]
  training: { rate: number; minutes: number; reason: string } | null
  agents: number[]
}

export type AgentM = { idx: number; id: string; center: number; team: number; queues: number[] }

export type CenterM = {
  idx: number
  id: string
  name: string
  reportingLine: string
  sourcing: string
  timezone: string
  customers: number
  holidays: Set<string>
  hours: WeekHours
  queues: number[]
  teams: number[]
}

export type Scenario = {
  name: string
  seed?: number
  centers: CenterM[]
  queues: QueueM[]
  teams: TeamM[]
  agents: AgentM[]
}

// ---------------------------------------------------------------- loading

export const DEFAULT_SCENARIO_PATH = 'scenarios/default.yaml'

export type CompileOptions = {
  /**
   * Multiply every volume, team size, shift headcount and customer base by this factor: the
   * same floor k times bigger, so rates and KPIs stay comparable (benchmarks). Default 1.
   */
  scale?: number
}

/** Read and compile a scenario file (YAML or JSON). Relative paths resolve from the working directory. */
export function loadScenario(file: string = process.env.PLATEAU_SCENARIO || DEFAULT_SCENARIO_PATH, opts: CompileOptions = {}): Scenario {
  const p = path.resolve(/*turbopackIgnore: true*/ process.cwd(), file)
  return parseScenario(fs.readFileSync(p, 'utf8'), p, opts)
}

export function parseScenario(text: string, source = 'scenario', opts: CompileOptions = {}): Scenario {
  let raw: unknown
  try {
    raw = parseYaml(text)
  } catch (e) {
    throw new Error(`${source}: invalid YAML: ${(e as Error).message}`)
  }
  return compileScenario(raw, source, opts)
}

export function compileScenario(raw: unknown, source = 'scenario', opts: CompileOptions = {}): Scenario {
  const r = ScenarioFile.safeParse(raw)
  if (!r.success) {
    const msg = r.error.issues
      .slice(0, 8)
      .map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('\n')
    throw new Error(`${source}: invalid scenario\n${msg}`)
  }
  const k = opts.scale ?? 1
  if (!(k > 0)) throw new Error(`${source}: scale must be positive`)
  if (k !== 1)
    for (const c of r.data.centers) {
      c.customers = Math.round(c.customers * k)
      for (const q of c.queues) if (q.volume !== undefined) q.volume *= k
      for (const t of c.teams) {
        for (const sh of t.shifts) sh.count = Math.round(sh.count * k)
        // Shift counts are rounded one by one: the team must still hold the busiest day's shifts.
        const busiest = Math.max(...[0, 1, 2, 3, 4, 5, 6, 7].map((d) => t.shifts.filter((sh) => parseDays(sh.days).includes(d)).reduce((a, sh) => a + sh.count, 0)))
        t.size = Math.max(1, Math.round(t.size * k), busiest)
      }
    }
  try {
    return compile(r.data)
  } catch (e) {
    throw new Error(`${source}: ${(e as Error).message}`)
  }
}

const ln = (d: DistIn | undefined, fallback: DistIn, scale = 1): LogNormal => {
  const x = d ?? fallback
  return lognormalFromMean(x.mean * scale, x.cv, (x.min ?? 0) * scale, (x.max ?? Infinity) * scale)
}

function weekHours(spec: Record<string, string>, where: string): WeekHours {
  const out: WeekHours = Array.from({ length: 8 }, () => [])
  for (const [days, iv] of Object.entries(spec)) {
    let ivs: [number, number][]
    let ds: number[]
    try {
      ds = parseDays(days)
      ivs = parseIntervals(iv)
    } catch (e) {
      throw new Error(`${where}: ${(e as Error).message}`)
    }
    for (const d of ds) out[d] = ivs
  }
  return out
}

function cumulative(weights: Record<string, number>, where: string): { keys: string[]; cum: number[] } {
  const keys = Object.keys(weights)
  let s = 0
  const cum = keys.map((k) => (s += weights[k]!))
  if (!keys.length || s <= 0) throw new Error(`${where}: weights must not all be zero`)
  return { keys, cum }
}

const CHANNEL_PRIORITY: Record<Channel, number> = { voice: 1, chat: 2, email: 3 }
const DEFAULT_DIST = { mean: 60, cv: 0.5 }

function compile(f: z.infer<typeof ScenarioFile>): Scenario {
  const sc: Scenario = { name: f.name, seed: f.seed, centers: [], queues: [], teams: [], agents: [] }
  const seenCenters = new Set<string>()
  const seenAgents = new Set<string>()
  const defaultBreaks = f.breaks

  f.centers.forEach((c, ci) => {
    const where = `centers[${ci}] (${c.id})`
    if (seenCenters.has(c.id)) throw new Error(`${where}: duplicate center id`)
    seenCenters.add(c.id)
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: c.timezone })
    } catch {
      throw new Error(`${where}: unknown timezone "${c.timezone}"`)
    }
    const center: CenterM = {
      idx: ci,
      id: c.id,
      name: c.name,
      reportingLine: c.reporting_line,
      sourcing: c.sourcing,
      timezone: c.timezone,
      customers: c.customers,
      holidays: new Set(c.holidays),
      hours: weekHours(c.hours, `${where}.hours`),
      queues: [],
      teams: [],
    }
    sc.centers.push(center)

    const localQueueIds = new Map<string, number>()
    for (const q of c.queues) {
      if (sc.queues.some((x) => x.id === q.id)) throw new Error(`${where}: duplicate queue id ${q.id}`)
      localQueueIds.set(q.id, sc.queues.length + localQueueIds.size)
    }

    c.queues.forEach((qIn, qi) => {
      const qw = `${where}.queues[${qi}] (${qIn.id})`
      const kind = qIn.direction === 'outbound' ? 'outbound' : qIn.channel
      const b: Behaviour = { ...(f.defaults[qIn.channel] ?? {}), ...(kind === 'outbound' ? (f.defaults.outbound ?? {}) : {}), ...stripUndefined(qIn) }
      const curve = typeof qIn.curve === 'string' ? f.curves[qIn.curve] : qIn.curve
      if (qIn.direction === 'inbound' && !curve) throw new Error(`${qw}: curve ${qIn.curve === undefined ? 'missing' : `"${qIn.curve}" not defined in curves`}`)
      const df = typeof qIn.days === 'string' ? f.day_factors[qIn.days] : qIn.days
      if (qIn.direction === 'inbound' && qIn.days !== undefined && !df) throw new Error(`${qw}: days "${qIn.days}" not defined in day_factors`)
      if (qIn.direction === 'inbound' && qIn.volume === undefined) throw new Error(`${qw}: volume missing`)
      if (qIn.direction === 'outbound' && !qIn.dialer) throw new Error(`${qw}: outbound queue needs a dialer`)
      const dayFactors = df
        ? [df.sun, df.mon, df.tue, df.wed, df.thu, df.fri, df.sat, df.holiday ?? df.sun]
        : [1, 1, 1, 1, 1, 1, 1, 1]
      const outcomes = cumulative(b.outcomes ?? { none: 1 }, `${qw}.outcomes`)
      for (const k of outcomes.keys)
        if (!(OUTCOMES as readonly string[]).includes(k)) throw new Error(`${qw}.outcomes: unknown outcome "${k}" (one of ${OUTCOMES.join(', ')})`)
      const transfer = b.transfer && b.transfer.p > 0 ? cumulative(b.transfer.to, `${qw}.transfer.to`) : null
      const transferTo = (transfer?.keys ?? []).map((id) => {
        const t = localQueueIds.get(id)
        if (t === undefined) throw new Error(`${qw}.transfer.to: queue "${id}" is not a queue of this center`)
        return t
      })
      const hours =
        qIn.hours !== undefined
          ? weekHours(qIn.hours, `${qw}.hours`)
          : qIn.channel === 'email'
            ? weekHours({ all: '24h', holiday: '24h' }, qw)
            : center.hours
      const sv = b.survey
      const q: QueueM = {
        idx: sc.queues.length,
        id: qIn.id,
        center: ci,
        channel: qIn.channel,
        direction: qIn.direction,
        skill: qIn.skill,
        priority: b.priority ?? CHANNEL_PRIORITY[qIn.channel],
        volume: qIn.volume ?? 0,
        curve: curve ?? new Array(24).fill(1),
        dayFactors,
        hours,
        noise: b.noise ?? 0.08,
        keepIdle: b.keep_idle ?? 0,
        answerDelay: ln(b.answer_delay_s, { mean: 3, cv: 0.5 }, 1000),
        talk: ln(b.talk_s, { mean: 240, cv: 0.6 }, 1000),
        holdP: b.hold?.p ?? 0,
        hold: ln(b.hold?.duration_s, { mean: 40, cv: 0.8 }, 1000),
        acw: ln(b.acw_s, { mean: 30, cv: 0.5 }, 1000),
        patience: b.patience_s === null || qIn.channel === 'email' ? null : ln(b.patience_s, { mean: 120, cv: 1 }, 1000),
        transferP: transfer ? b.transfer!.p : 0,
        transferTo,
        transferCum: transfer?.cum ?? [],
        resolved: b.resolved ?? 0.75,
        outcomes: outcomes.keys as QueueM['outcomes'],
        outcomeCum: outcomes.cum,
        revenue: b.revenue ? ln(b.revenue, DEFAULT_DIST) : null,
        survey: sv
          ? {
              rate: sv.rate,
              csat: sv.csat,
              nps: sv.nps,
              delay: ln(sv.delay_s, DEFAULT_DIST, 1000),
              bias: sv.bias,
              waitRefS: sv.wait_ref_s ?? (qIn.channel === 'email' ? 8 * 3600 : qIn.channel === 'chat' ? 90 : 60),
            }
          : null,
        repeatUnresolved: b.repeat?.unresolved ?? 0,
        repeatResolved: b.repeat?.resolved ?? 0,
        repeatDelay: ln(b.repeat?.delay_h, { mean: 24, cv: 1 }, 3_600_000),
        retryP: b.retry_after_abandon?.p ?? 0,
        retryDelay: ln(b.retry_after_abandon?.delay_min, { mean: 10, cv: 0.8 }, 60_000),
        dialer: qIn.dialer
          ? {
              callingHours: weekHours(qIn.dialer.calling_hours, `${qw}.dialer.calling_hours`),
              connect: qIn.dialer.connect_rate,
              ring: ln(qIn.dialer.ring_s, DEFAULT_DIST, 1000),
              preview: ln(qIn.dialer.preview_s, DEFAULT_DIST, 1000),
              campaigns: qIn.dialer.campaigns.map((k) => ({
                id: k.id,
                from: k.from ? Date.parse(`${k.from}T00:00:00Z`) / 86_400_000 : -Infinity,
                to: k.to ? Date.parse(`${k.to}T00:00:00Z`) / 86_400_000 : Infinity,
                weight: k.weight,
              })),
            }
          : null,
        agents: [],
      }
      if (q.direction === 'outbound' && q.channel !== 'voice') throw new Error(`${qw}: outbound queues must be voice`)
      sc.queues.push(q)
      center.queues.push(q.idx)
    })

    c.teams.forEach((t, ti) => {
      const tw = `${where}.teams[${ti}] (${t.id})`
      const parse = <T>(f: () => T): T => {
        try {
          return f()
        } catch (e) {
          throw new Error(`${tw}: ${(e as Error).message}`)
        }
      }
      const team: TeamM = {
        idx: sc.teams.length,
        id: t.id,
        center: ci,
        skills: t.skills,
        chatCap: t.chat_concurrency,
        absence: t.absence,
        shifts: t.shifts.map((s) =>
          parse(() => {
            const m: ShiftM = { days: parseDays(s.days), start: parseHm(s.start), end: parseHm(s.end), count: s.count }
            if (m.end <= m.start) throw new Error(`shift ${s.start}-${s.end}: end must be after start`)
            return m
          }),
        ),
        breaks: (t.breaks ?? defaultBreaks).map((b) => ({ afterMin: b.after_h * 60, minutes: b.minutes, reason: b.reason, jitter: b.jitter_min })),
        meetings: t.meetings.map((m) => parse(() => ({ days: parseDays(m.days), at: parseHm(m.at), minutes: m.minutes, reason: m.reason, share: m.share }))),
        training: t.training ?? null,
        agents: [],
      }
      // The largest number of agents any single day needs must fit in the team.
      for (let d = 0; d < 8; d++) {
        const need = team.shifts.filter((s) => s.days.includes(d)).reduce((a, s) => a + s.count, 0)
        if (need > t.size) throw new Error(`${tw}: shifts need ${need} agents on ${d === 7 ? 'holidays' : WEEKDAYS[d]} but size is ${t.size}`)
      }
      const queues = center.queues.filter((qi) => t.skills.includes(sc.queues[qi]!.skill))
      if (!queues.length) throw new Error(`${tw}: skills ${t.skills.join(', ')} match no queue of the center`)
      queues.sort((a, b) => sc.queues[a]!.priority - sc.queues[b]!.priority || a - b)
      const width = String(t.size).length < 2 ? 2 : String(t.size).length
      for (let i = 0; i < t.size; i++) {
        const id = `${c.id}-${t.id}-${String(i + 1).padStart(width, '0')}`
        if (seenAgents.has(id)) throw new Error(`${tw}: duplicate agent id ${id}`)
        seenAgents.add(id)
        const a: AgentM = { idx: sc.agents.length, id, center: ci, team: team.idx, queues }
        sc.agents.push(a)
        team.agents.push(a.idx)
        for (const qi of queues) sc.queues[qi]!.agents.push(a.idx)
      }
      sc.teams.push(team)
      center.teams.push(team.idx)
    })

    for (const qi of center.queues) {
      const q = sc.queues[qi]!
      if (!q.agents.length) throw new Error(`${where}: no team has skill "${q.skill}" of queue ${q.id}`)
    }
  })
  return sc
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {}
  for (const k in o) if (o[k] !== undefined) out[k] = o[k]
  return out
}
