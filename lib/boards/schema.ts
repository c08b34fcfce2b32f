/**
 * Wall-screen boards and playlists (config/boards.yaml, path from PLATEAU_BOARDS): which
 * centers/queues/channels a board shows, which tiles, its language and theme, and playlists
 * that rotate between boards on a timer. Stored on the server, validated with zod, never in a
 * browser's local storage. Pure: no I/O here (see load.ts).
 */
import 'server-only'
import { z } from 'zod'
import { CHANNELS } from '../contract/vocabulary'
import { LOCALES } from '../i18n/config'
import { isKpiKey, kpiDefinition, type KpiKey } from '../kpi/definitions'

type Channel = (typeof CHANNELS)[number]

/** Board and playlist ids share one namespace (a display link names either). URL-safe. */
export const BOARD_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/
const Id = z.string().regex(BOARD_ID, 'lower-case letters, digits, "-" or "_", at most 64 characters')

/** A title in both languages, or one string used for both. */
export const Title = z.union([z.string().min(1).max(120), z.strictObject({ en: z.string().min(1).max(120), fr: z.string().min(1).max(120) })])
export type Title = z.infer<typeof Title>

/**
 * Panels: figures that are not a single KPI. `staffing_ahead`: per queue, the agents needed at
 * the busiest interval of the next 4 hours (forecast, docs/forecast.md) vs staffed now;
 * `compliance`: today's outbound compliance (calls outside allowed hours, consumers over the
 * attempt cap, worst campaign's abandoned rate vs its cap — docs/compliance.md);
 * `email_backlog`: e-mails waiting and the oldest one's age against each center's
 * `targets.emailOldestWaitSeconds` (e-mail is kept out of the real-time headline tiles);
 * `agents`: each agent (directory name, id on hover), state and time in state, longest first,
 * long after-call work / long breaks highlighted against the center's `agentThresholds`.
 */
export const PANELS = ['agents_by_state', 'queues', 'staffing', 'staffing_ahead', 'compliance', 'email_backlog', 'agents'] as const
export type PanelKind = (typeof PANELS)[number]

const KpiKeyField = z.string().refine(isKpiKey, { message: 'unknown KPI key (see lib/kpi/definitions.ts)' }) as unknown as z.ZodType<KpiKey>

export const KpiTileSpec = z.strictObject({
  kpi: KpiKeyField,
  /** Columns the tile spans (1–3). */
  span: z.number().int().min(1).max(3).default(1),
  /**
   * Only this channel's contacts, compared with that channel's targets (queue settings): e.g.
   * `{ kpi: asa, channel: email }` next to `{ kpi: asa, channel: voice }` on a mixed floor.
   */
  channel: z.enum(CHANNELS).optional(),
})
export const PanelTileSpec = z.strictObject({
  panel: z.enum(PANELS),
  span: z.number().int().min(1).max(4).default(2),
  /** Queues panel: at most this many rows (the busiest first). */
  rows: z.number().int().min(1).max(12).default(6),
})
/** `- service_level` is short for `- { kpi: service_level }`. */
export const TileSpec = z.union([
  KpiKeyField.transform((kpi): z.output<typeof KpiTileSpec> => ({ kpi, span: 1 })),
  KpiTileSpec,
  PanelTileSpec,
])
export type TileSpec = z.infer<typeof TileSpec>
export type KpiTileSpec = Extract<TileSpec, { kpi: KpiKey }>
export type PanelTileSpec = Extract<TileSpec, { panel: PanelKind }>

export const THEMES = ['dark', 'dark-high-contrast'] as const
export type BoardTheme = (typeof THEMES)[number]

export const BoardDefaults = z.strictObject({
  locale: z.enum(LOCALES).default('fr'),
  theme: z.enum(THEMES).default('dark'),
  /** Polling period of the screens (1–2 s). */
  refreshSeconds: z.union([z.literal(1), z.literal(2)]).default(1),
  /** The "data is N s old" banner appears when the last good data is older than this. */
  staleAfterSeconds: z.number().int().min(3).max(60).default(5),
})
export type BoardDefaults = z.infer<typeof BoardDefaults>

export const BoardConfig = z.strictObject({
  id: Id,
  title: Title,
  /** Center ids, or '*' for every center the viewer may see. */
  centers: z.union([z.literal('*'), z.array(z.string().min(1).max(128)).min(1).max(50)]),
  /** Queue ids (empty or omitted: every queue of those centers). */
  queues: z.array(z.string().min(1).max(128)).max(100).default([]),
  channels: z.array(z.enum(CHANNELS)).default([]),
  locale: z.enum(LOCALES).optional(),
  theme: z.enum(THEMES).optional(),
  /** Dates and clocks on the board (default: the first center's time zone). */
  timezone: z.string().optional(),
  refreshSeconds: z.union([z.literal(1), z.literal(2)]).optional(),
  /** Grid columns; rows follow from the tiles. Keep ≤ 12 tiles for 5 m reading at 1080p. */
  columns: z.number().int().min(1).max(6).default(4),
  /** A short tone when a new alert appears in the board's alert banner (lib/alerts). */
  alertSound: z.boolean().default(false),
  tiles: z.array(TileSpec).min(1).max(16),
})
export type BoardConfigInput = z.input<typeof BoardConfig>

export const PlaylistConfig = z.strictObject({
  id: Id,
  title: Title,
  /** Language of every board while the playlist shows it (default: its first board's). */
  locale: z.enum(LOCALES).optional(),
  entries: z
    .array(
      z.strictObject({
        board: Id,
        /** How long this board stays on screen. */
        seconds: z.number().int().min(5).max(3600).default(30),
      }),
    )
    .min(1)
    .max(50),
})

export const BoardsFile = z
  .strictObject({
    version: z.literal(1).default(1),
    defaults: BoardDefaults.default(BoardDefaults.parse({})),
    boards: z.array(BoardConfig).default([]),
    playlists: z.array(PlaylistConfig).default([]),
  })
  .superRefine((f, ctx) => {
    const seen = new Set<string>()
    f.boards.forEach((b, i) => {
      if (seen.has(b.id)) ctx.addIssue({ code: 'custom', path: ['boards', i, 'id'], message: `duplicate id ${b.id}` })
      seen.add(b.id)
      b.tiles.forEach((t, j) => {
        if (!('kpi' in t) || !t.channel) return
        if (!channelTileKpi(t.kpi)) ctx.addIssue({ code: 'custom', path: ['boards', i, 'tiles', j, 'channel'], message: `${t.kpi} is not split by channel (agents are not tied to a channel)` })
        else if (b.channels.length && !b.channels.includes(t.channel)) ctx.addIssue({ code: 'custom', path: ['boards', i, 'tiles', j, 'channel'], message: `channel ${t.channel} is not among the board's channels` })
      })
      const cells = b.tiles.reduce((n, t) => n + Math.min(t.span, b.columns), 0)
      if (Math.ceil(cells / b.columns) > 4) {
        ctx.addIssue({ code: 'custom', path: ['boards', i, 'tiles'], message: `${cells} cells on ${b.columns} columns need more than 4 rows: unreadable from 5 m` })
      }
    })
    const boards = new Set(f.boards.map((b) => b.id))
    f.playlists.forEach((p, i) => {
      if (seen.has(p.id)) ctx.addIssue({ code: 'custom', path: ['playlists', i, 'id'], message: `duplicate id ${p.id} (boards and playlists share ids)` })
      seen.add(p.id)
      p.entries.forEach((e, j) => {
        if (!boards.has(e.board)) ctx.addIssue({ code: 'custom', path: ['playlists', i, 'entries', j, 'board'], message: `unknown board ${e.board}` })
      })
    })
  })
export type BoardsFile = z.infer<typeof BoardsFile>

/** A board with its defaults applied: what pages and the data API use. */
export type Board = {
  kind: 'board'
  id: string
  title: Title
  centers: '*' | string[]
  queues: string[]
  channels: string[]
  locale: (typeof LOCALES)[number]
  theme: BoardTheme
  timezone: string | null
  refreshSeconds: 1 | 2
  staleAfterSeconds: number
  columns: number
  alertSound: boolean
  tiles: TileSpec[]
}

export type Playlist = {
  kind: 'playlist'
  id: string
  title: Title
  locale: (typeof LOCALES)[number] | null
  entries: { board: string; seconds: number }[]
}

export function titleIn(title: Title, locale: 'en' | 'fr'): string {
  return typeof title === 'string' ? title : title[locale]
}

/** KPIs that mean something for one channel: not agent figures (agents are not tied to a channel). */
export function channelTileKpi(key: KpiKey): boolean {
  const d = kpiDefinition(key)
  return d.category !== 'agents' && !d.agentTime
}

/** KPI keys a board needs computed for its whole scope (tiles without a channel, plus what its panels show). */
export function boardKpiKeys(board: Pick<Board, 'tiles'>): KpiKey[] {
  const keys = new Set<KpiKey>()
  for (const t of board.tiles) if ('kpi' in t && !t.channel) keys.add(t.kpi)
  return [...keys]
}

/** Per channel, the KPI keys of the board's channel tiles (`{ kpi, channel }`). */
export function boardChannelKpis(board: Pick<Board, 'tiles'>): Map<Channel, KpiKey[]> {
  const out = new Map<Channel, KpiKey[]>()
  for (const t of board.tiles) {
    if (!('kpi' in t) || !t.channel) continue
    const keys = out.get(t.channel) ?? []
    if (!keys.includes(t.kpi)) keys.push(t.kpi)
    out.set(t.channel, keys)
  }
  return out
}


export function boardPanels(board: Pick<Board, 'tiles'>): Set<PanelKind> {
  return new Set(board.tiles.flatMap((t) => ('panel' in t ? [t.panel] : [])))
}
