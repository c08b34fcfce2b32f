/**
 * Loads the centers configuration (YAML) from PLATEAU_CONFIG (default
 * config/plateau.example.yaml), validates it, and resolves each center's settings with the
 * defaults filled in. Re-read when the file changes (checked by mtime, at most once a second).
 * Centers seen in events but absent from the file get the defaults and `configured: false`.
 */
import fs from 'node:fs'
import path from 'node:path'
import { parse as parseYaml } from 'yaml'
import {
  BUILTIN_TARGETS,
  PlateauConfig,
  type CostModel,
  type ReportingLine,
  type ServiceLevelVariant,
  type Sourcing,
  type Targets,
  type ValueSettings,
  type AgentEntry,
  type AgentThresholds,
} from './schema'
import type { ComplianceConfig } from './compliance'
import type { StaffingModel } from './schema'

export type QueueSettings = {
  id: string
  name: string
  channel: string | null
  direction: string | null
  serviceLevel: { thresholdSeconds: number; target: number }
  shortAbandonSeconds: number
  /** ASA target (s) of the queue, null: none (the center's unless the queue sets one). */
  asaSeconds: number | null
}

export type CenterSettings = {
  id: string
  name: string
  /** false: the center sends events but is not in the configuration file (defaults apply). */
  configured: boolean
  reportingLine: ReportingLine | null
  sourcing: Sourcing | null
  timezone: string
  /** Configured ISO country (public holidays, docs/forecast.md), null: from the time zone. */
  country?: string | null
  /** Local days (YYYY-MM-DD) the center is closed besides public holidays. */
  closedDates?: string[]
  /** null: no outbound compliance rules configured. */
  compliance?: ComplianceConfig | null
  /** Model of the agents needed ahead (default auto: Erlang A when the patience is known). */
  staffingModel?: StaffingModel
  currency: string
  /** null: no cost model configured, cost KPIs are null. */
  cost: CostModel | null
  value: ValueSettings
  targets: Targets
  serviceLevelVariant: ServiceLevelVariant
  agentStateMaxHours: number
  waitingLookbackHours: number
  warnBand: number
  queues: QueueSettings[]
  /** Agent directory of the center (configuration): display name, team, site. */
  agents: AgentEntry[]
  agentThresholds: AgentThresholds
}

export class ConfigError extends Error {}

export function defaultConfigPath(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.PLATEAU_CONFIG || path.join(process.cwd(), 'config', 'plateau.example.yaml'))
}

/** Parse and validate configuration text. Throws ConfigError listing every problem with its path. */
export function parseConfig(text: string, source = 'config'): PlateauConfig {
  let raw: unknown
  try {
    raw = parseYaml(text) ?? {}
  } catch (e) {
    throw new ConfigError(`${source}: invalid YAML: ${(e as Error).message}`)
  }
  const r = PlateauConfig.safeParse(raw)
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`)
    throw new ConfigError(`${source}: invalid configuration:\n${lines.join('\n')}`)
  }
  return r.data
}

export class ResolvedConfig {
  readonly byId: Map<string, CenterSettings>
  constructor(readonly raw: PlateauConfig) {
    this.byId = new Map(raw.centers.map((c) => [c.id, resolveCenter(raw, c.id)]))
  }
  /** Settings of any center id; unknown ids get the defaults (configured: false). */
  center(id: string): CenterSettings {
    return this.byId.get(id) ?? resolveCenter(this.raw, id)
  }
  configuredCenters(): CenterSettings[] {
    return [...this.byId.values()]
  }
}

function resolveCenter(cfg: PlateauConfig, id: string): CenterSettings {
  const d = cfg.defaults
  const c = cfg.centers.find((x) => x.id === id)
  const targets = {
    ...BUILTIN_TARGETS,
    ...stripUndefined(d.targets),
    ...stripUndefined(c?.targets ?? {}),
    serviceLevel: { ...BUILTIN_TARGETS.serviceLevel, ...stripUndefined(d.targets.serviceLevel ?? {}), ...stripUndefined(c?.targets?.serviceLevel ?? {}) },
  } as Targets
  return {
    id,
    name: c?.name ?? id,
    configured: !!c,
    reportingLine: c?.reportingLine ?? null,
    sourcing: c?.sourcing ?? null,
    timezone: c?.timezone ?? d.timezone,
    country: c?.country ?? null,
    closedDates: c?.closedDates ?? [],
    compliance: c?.compliance ?? null,
    staffingModel: c?.staffingModel ?? 'auto',
    currency: c?.currency ?? d.currency,
    cost: c?.cost ?? null,
    value: { averageOrderValue: null, valuePerLead: 0, valuePerRetentionSave: 0, ...(c?.value ?? {}) },
    targets,
    serviceLevelVariant: c?.serviceLevelVariant ?? d.serviceLevelVariant,
    agentStateMaxHours: c?.agentStateMaxHours ?? d.agentStateMaxHours,
    waitingLookbackHours: d.waitingLookbackHours,
    warnBand: d.warnBand,
    agents: c?.agents ?? [],
    agentThresholds: {
      ...d.agentThresholds,
      ...stripUndefined(c?.agentThresholds ?? {}),
      breakReasonSeconds: { ...d.agentThresholds.breakReasonSeconds, ...(c?.agentThresholds?.breakReasonSeconds ?? {}) },
    },
    queues: (c?.queues ?? []).map((q) => ({
      id: q.id,
      name: q.name ?? q.id,
      channel: q.channel ?? null,
      direction: q.direction ?? null,
      serviceLevel: { ...targets.serviceLevel, ...(q.serviceLevel ?? {}) },
      shortAbandonSeconds: q.shortAbandonSeconds ?? targets.shortAbandonSeconds,
      asaSeconds: q.asaSeconds !== undefined ? q.asaSeconds : targets.asaSeconds,
    })),
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>
}

type Cache = { path: string; mtimeMs: number; checkedAt: number; config: ResolvedConfig }
const g = globalThis as unknown as { __plateauConfig?: Cache; __plateauConfigOverride?: ResolvedConfig }

/** Read and validate a configuration file. */
export function loadConfigFile(file: string): ResolvedConfig {
  let text: string
  try {
    text = fs.readFileSync(/*turbopackIgnore: true*/ file, 'utf8')
  } catch (e) {
    throw new ConfigError(`cannot read configuration ${file}: ${(e as Error).message} (set PLATEAU_CONFIG)`)
  }
  return new ResolvedConfig(parseConfig(text, file))
}

/** The current configuration (cached; re-read when the file's mtime changes). */
export function getConfig(): ResolvedConfig {
  if (g.__plateauConfigOverride) return g.__plateauConfigOverride
  const file = defaultConfigPath()
  const now = Date.now()
  const c = g.__plateauConfig
  if (c && c.path === file && now - c.checkedAt < 1000) return c.config
  const mtimeMs = fs.statSync(/*turbopackIgnore: true*/ file, { throwIfNoEntry: false })?.mtimeMs ?? -1
  if (c && c.path === file && c.mtimeMs === mtimeMs) {
    c.checkedAt = now
    return c.config
  }
  const config = loadConfigFile(file)
  g.__plateauConfig = { path: file, mtimeMs, checkedAt: now, config }
  return config
}

/** Tests and scripts: use this configuration instead of the file (null restores the file). */
export function setConfigOverride(config: ResolvedConfig | string | null): void {
  g.__plateauConfigOverride = config === null ? undefined : typeof config === 'string' ? new ResolvedConfig(parseConfig(config)) : config
}

/**
 * The value of an environment variable the operator names in the configuration (a source's
 * `brokersEnv`, `authTokenEnv`): secrets stay out of the file. The one dynamic read of them.
 */
export function operatorNamedEnv(name: string): string | undefined {
  return process.env[name]
}

/** Settings for one center id (defaults + `configured: false` when not in the file). */
export function centerConfig(id: string): CenterSettings {
  return getConfig().center(id)
}

/** Centers listed in the configuration file. Centers only seen in data: see listCenters() in lib/queries. */
export function listConfiguredCenters(): CenterSettings[] {
  return getConfig().configuredCenters()
}

/** Queue settings within a center (SL threshold/target, short-abandon and ASA target overrides), the center's when not listed. */
export function queueSettings(center: CenterSettings, queueId: string): QueueSettings {
  return (
    center.queues.find((q) => q.id === queueId) ?? {
      id: queueId,
      name: queueId,
      channel: null,
      direction: null,
      serviceLevel: center.targets.serviceLevel,
      shortAbandonSeconds: center.targets.shortAbandonSeconds,
      asaSeconds: center.targets.asaSeconds,
    }
  )
}
