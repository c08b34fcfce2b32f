/**
 * The centers configuration file (YAML, path from PLATEAU_CONFIG): centers, queues, targets,
 * costs. Validated with zod; every field that has a sensible default may be omitted.
 * See docs/configuration.md and config/plateau.example.yaml.
 */
import { z } from 'zod'
import { CHANNELS, DIRECTIONS } from '../contract/vocabulary'
import { ComplianceConfig } from './compliance'

/** How agents needed are computed for a queue (lib/forecast/staffing.ts): auto picks Erlang A when patience is known. */
export const STAFFING_MODELS = ['auto', 'erlang_c', 'erlang_a'] as const
export type StaffingModel = (typeof STAFFING_MODELS)[number]

export const REPORTING_LINES = ['sales', 'marketing', 'customer_service', 'general_management'] as const
export type ReportingLine = (typeof REPORTING_LINES)[number]
export const SOURCINGS = ['in_house', 'outsourced'] as const
export type Sourcing = (typeof SOURCINGS)[number]

/** Service-level denominators (see docs/kpis.md#service_level). */
export const SERVICE_LEVEL_VARIANTS = ['offered_minus_short', 'answered_plus_abandoned', 'answered', 'removed_within'] as const
export type ServiceLevelVariant = (typeof SERVICE_LEVEL_VARIANTS)[number]

const share = z.number().min(0).max(1)
const money = z.number().finite().min(0)
const seconds = z.number().finite().min(0).max(7 * 24 * 3600)

export const TimeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz })
      return true
    } catch {
      return false
    }
  },
  { message: 'unknown IANA time zone' },
)

export const ServiceLevelTarget = z.strictObject({
  /** Answered within this many seconds counts as "in service level". */
  thresholdSeconds: seconds,
  /** Share of contacts that should meet the threshold (0.8 = 80 %). */
  target: share,
})

export const Targets = z.strictObject({
  serviceLevel: ServiceLevelTarget,
  asaSeconds: seconds.nullable(),
  maxAbandonRate: share.nullable(),
  /** Abandons after less than this many seconds are short abandons (misdials, instant hang-ups). */
  shortAbandonSeconds: seconds,
  ahtSeconds: seconds.nullable(),
  /** CSAT target as a top-2-box share. */
  csat: share.nullable(),
  /** NPS target, −100…100. */
  nps: z.number().min(-100).max(100).nullable(),
  fcr: share.nullable(),
  occupancy: share.nullable(),
  conversionRate: share.nullable(),
  costPerContact: money.nullable(),
  /**
   * E-mail backlog (live view and boards): the oldest e-mail still waiting should have waited at
   * most this long. E-mail is deferred work, judged apart from the real-time channels.
   */
  emailOldestWaitSeconds: seconds.nullable(),
})
export type Targets = z.infer<typeof Targets>

/** Targets used when neither `defaults.targets` nor the center sets one. */
export const BUILTIN_TARGETS: Targets = {
  serviceLevel: { thresholdSeconds: 20, target: 0.8 },
  asaSeconds: 30,
  maxAbandonRate: 0.05,
  shortAbandonSeconds: 5,
  ahtSeconds: null,
  csat: 0.8,
  nps: 30,
  fcr: 0.7,
  occupancy: 0.85,
  conversionRate: null,
  costPerContact: null,
  emailOldestWaitSeconds: 24 * 3600,
}

export const PartialTargets = Targets.partial().extend({ serviceLevel: ServiceLevelTarget.partial().optional() })
export type PartialTargets = z.infer<typeof PartialTargets>

export const InHouseCost = z.strictObject({
  model: z.literal('in_house'),
  /** Loaded cost of one paid (logged-in) agent hour: salary, charges, management, workstation. */
  agentHourCost: money,
  /** Telecom cost per voice minute (queue wait + talk + hold). */
  telecomMinuteCost: money.default(0),
  /** Rent, licences, supervision…: pro-rated over the period by time. */
  fixedMonthlyCost: money.default(0),
})
export const OutsourcedCost = z
  .strictObject({
    model: z.literal('outsourced'),
    /** Price billed per handled contact (the usual per-act contract). */
    pricePerHandledContact: money.optional(),
    /** Price billed per logged-in agent hour (time-and-materials contract). */
    pricePerAgentHour: money.optional(),
    telecomMinuteCost: money.default(0),
    fixedMonthlyCost: money.default(0),
  })
  .refine((c) => (c.pricePerHandledContact === undefined) !== (c.pricePerAgentHour === undefined), {
    message: 'outsourced cost needs exactly one of pricePerHandledContact or pricePerAgentHour',
  })
export const CostModel = z.union([InHouseCost, OutsourcedCost])
export type CostModel = z.infer<typeof CostModel>

export const ValueSettings = z.strictObject({
  /** Used for the cost of abandonment and when revenue is not recorded per contact. */
  averageOrderValue: money.nullable().default(null),
  /** Value attributed to one lead (marketing centers): counts in margin and ROI. */
  valuePerLead: money.default(0),
  /** Value attributed to one retention save (customer kept). */
  valuePerRetentionSave: money.default(0),
})
export type ValueSettings = z.infer<typeof ValueSettings>

export const QueueConfig = z.strictObject({
  id: z.string().min(1).max(128),
  name: z.string().min(1).optional(),
  channel: z.enum(CHANNELS).optional(),
  direction: z.enum(DIRECTIONS).optional(),
  serviceLevel: ServiceLevelTarget.partial().optional(),
  shortAbandonSeconds: seconds.optional(),
  /** ASA target of this queue (null: none); default the center's. E-mail queues need their own. */
  asaSeconds: seconds.nullable().optional(),
})
export type QueueConfig = z.infer<typeof QueueConfig>

/** Platform queue name → Plateau queue id and channel (unknown platform queues keep their name). */
export const SourceQueues = z.record(z.string().min(1).max(256), z.strictObject({ id: z.string().min(1).max(128).optional(), channel: z.enum(CHANNELS).optional() }))
/** The NAME of an environment variable holding a secret: secrets never sit in the file. */
const EnvName = z.string().regex(/^[A-Z_][A-Z0-9_]{0,127}$/, 'an environment variable name, e.g. TWILIO_AUTH_TOKEN')

/**
 * Where a center's events come from when a platform connector feeds it (docs/connectors.md).
 * Run by ingest/connectors/sources.ts (in the server, or `npm run connectors`); hot-reloaded.
 */
export const SourceConfig = z.discriminatedUnion('connector', [
  z.strictObject({
    connector: z.literal('queue_log'),
    /** The Asterisk queue_log file, followed with tail -F semantics. */
    path: z.string().min(1).max(4096),
    queues: SourceQueues.optional(),
  }),
  z.strictObject({
    connector: z.literal('connect_kafka'),
    /** Topic the Kinesis → Kafka bridge writes CTRs and agent events to. */
    topic: z.string().regex(/^[A-Za-z0-9._-]{1,249}$/, 'a Kafka topic name'),
    /** Variable holding the bridge's brokers (host:port,…); default KAFKA_BROKERS. */
    brokersEnv: EnvName.default('KAFKA_BROKERS'),
    /** Consumer group; default plateau-connect-<center>. */
    group: z.string().min(1).max(249).optional(),
    queues: SourceQueues.optional(),
  }),
  z.strictObject({
    /** CTRs POSTed to /api/connectors/connect/<center> with a Plateau API key (docs/connectors.md). */
    connector: z.literal('connect_http'),
    queues: SourceQueues.optional(),
  }),
  z.strictObject({
    connector: z.literal('twilio'),
    /** Variable holding the Twilio auth token that signs the callbacks; default TWILIO_AUTH_TOKEN. */
    authTokenEnv: EnvName.default('TWILIO_AUTH_TOKEN'),
    queues: SourceQueues.optional(),
  }),
])
export type SourceConfig = z.infer<typeof SourceConfig>

/** One agent of the directory: the display name shown instead of the platform's agent id (kept on hover). */
export const AgentEntry = z.strictObject({
  id: z.string().min(1).max(128),
  name: z.string().min(1).max(120),
  team: z.string().min(1).max(120).optional(),
  /** Where the agent works (a site, a building, "home"); default: none shown. */
  site: z.string().min(1).max(120).optional(),
})
export type AgentEntry = z.infer<typeof AgentEntry>

/**
 * When time in state is too long (boards' agent panel, the live agent table): after-call work
 * beyond `wrapUpSeconds`, a break beyond `breakSeconds` (or the reason's own limit, e.g. lunch).
 */
export const AgentThresholds = z.strictObject({
  wrapUpSeconds: seconds.nullable(),
  breakSeconds: seconds.nullable(),
  /** Per break reason (as the platform sends it: lunch, training…), instead of breakSeconds. */
  breakReasonSeconds: z.record(z.string().min(1).max(64), seconds).default({}),
})
export type AgentThresholds = z.infer<typeof AgentThresholds>
export const BUILTIN_AGENT_THRESHOLDS: AgentThresholds = { wrapUpSeconds: 120, breakSeconds: 900, breakReasonSeconds: { lunch: 3600 } }

export const CenterConfig = z
  .strictObject({
    id: z.string().min(1).max(128),
    name: z.string().min(1),
    reportingLine: z.enum(REPORTING_LINES),
    sourcing: z.enum(SOURCINGS),
    timezone: TimeZone.optional(),
    /** ISO country for public holidays (FR, BE); default from the time zone (docs/forecast.md). */
    country: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166 alpha-2 code, e.g. FR').optional(),
    /** Local days the center is closed besides public holidays (YYYY-MM-DD): no forecast, skipped as history. */
    /** Outbound compliance rules and campaign purposes (docs/compliance.md). */
    compliance: ComplianceConfig.optional(),
    /** Agents needed ahead: erlang_a when the callers' patience is known (auto), or always Erlang C (docs/forecast.md). */
    staffingModel: z.enum(STAFFING_MODELS).optional(),
    closedDates: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')).max(1000).optional(),
    currency: z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 code, e.g. EUR').optional(),
    cost: CostModel.optional(),
    value: ValueSettings.optional(),
    targets: PartialTargets.optional(),
    serviceLevelVariant: z.enum(SERVICE_LEVEL_VARIANTS).optional(),
    agentStateMaxHours: z.number().positive().max(168).optional(),
    queues: z.array(QueueConfig).default([]),
    /** Agent directory: display name, team, site per agent id (agents not listed show their id, marked). */
    agents: z.array(AgentEntry).max(20_000).optional(),
    /** Long after-call work / long break thresholds; default `defaults.agentThresholds`. */
    agentThresholds: AgentThresholds.partial().optional(),
    /** A platform connector feeding this center (none: the center sends v1 events itself). */
    source: SourceConfig.optional(),
  })
  .superRefine((c, ctx) => {
    if (c.cost && c.cost.model !== c.sourcing) {
      ctx.addIssue({ code: 'custom', path: ['cost', 'model'], message: `cost model ${c.cost.model} does not match sourcing ${c.sourcing}` })
    }
    const seen = new Set<string>()
    c.queues.forEach((q, i) => {
      if (seen.has(q.id)) ctx.addIssue({ code: 'custom', path: ['queues', i, 'id'], message: `duplicate queue id ${q.id}` })
      seen.add(q.id)
    })
    const agents = new Set<string>()
    c.agents?.forEach((a, i) => {
      if (agents.has(a.id)) ctx.addIssue({ code: 'custom', path: ['agents', i, 'id'], message: `duplicate agent id ${a.id}` })
      agents.add(a.id)
    })
  })
export type CenterConfig = z.infer<typeof CenterConfig>

export const Defaults = z.strictObject({
  timezone: TimeZone.default('Europe/Paris'),
  currency: z.string().regex(/^[A-Z]{3}$/).default('EUR'),
  /** Merged over BUILTIN_TARGETS; each center may override any of them. */
  targets: PartialTargets.default({}),
  serviceLevelVariant: z.enum(SERVICE_LEVEL_VARIANTS).default('offered_minus_short'),
  /**
   * A state lasting longer than this is not believed (agent went home without logging off):
   * time beyond it counts as offline. Also how far back "agents by state now" looks.
   */
  agentStateMaxHours: z.number().positive().max(168).default(12),
  /** "Contacts waiting now" only considers contacts queued within this many hours (email backlogs included). */
  waitingLookbackHours: z.number().positive().max(24 * 31).default(72),
  /** Long after-call work / long break (agent panels); each center may override any of them. */
  agentThresholds: AgentThresholds.default(BUILTIN_AGENT_THRESHOLDS),
  /** Warn band for tile status: within this share of the target (absolute points for scores) is "warn". */
  warnBand: z.number().min(0).max(1).default(0.1),
})
export type Defaults = z.infer<typeof Defaults>

export const PlateauConfig = z
  .strictObject({
    version: z.literal(1).default(1),
    defaults: Defaults.default(Defaults.parse({})),
    centers: z.array(CenterConfig).default([]),
  })
  .superRefine((c, ctx) => {
    const seen = new Set<string>()
    c.centers.forEach((x, i) => {
      if (seen.has(x.id)) ctx.addIssue({ code: 'custom', path: ['centers', i, 'id'], message: `duplicate center id ${x.id}` })
      seen.add(x.id)
    })
  })
export type PlateauConfig = z.infer<typeof PlateauConfig>
