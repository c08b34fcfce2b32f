/**
 * Loads config/boards.yaml (path from PLATEAU_BOARDS), validates it and applies the defaults.
 * Re-read when the file changes (mtime checked at most once a second). An invalid edit never
 * blanks the screens: the last valid configuration stays in force and the problem is reported
 * (server log + `problem` in /api/boards for admins).
 *
 * With PLATEAU_E2E=1 (the Playwright server) the boards of tests/e2e/wallboard.boards.yaml are
 * added, so test boards never ship in the real configuration.
 */
import 'server-only'
import fs from 'node:fs'
import path from 'node:path'
import { parse as parseYaml } from 'yaml'
import { BoardsFile, type Board, type Playlist } from './schema'

export class BoardsConfigError extends Error {}

export type BoardsConfig = {
  boards: Map<string, Board>
  playlists: Map<string, Playlist>
  /** Files read, for messages. */
  sources: string[]
}

export function boardsConfigPath(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.PLATEAU_BOARDS || path.join(process.cwd(), 'config', 'boards.yaml'))
}

function extraPaths(): string[] {
  return process.env.PLATEAU_E2E === '1' ? [path.join(/*turbopackIgnore: true*/ process.cwd(), 'tests', 'e2e', 'wallboard.boards.yaml')] : []
}

/** Parse and validate the text of a boards file. Throws BoardsConfigError listing every problem with its path. */
export function parseBoards(text: string, source = 'boards'): BoardsFile {
  let raw: unknown
  try {
    raw = parseYaml(text) ?? {}
  } catch (e) {
    throw new BoardsConfigError(`${source}: invalid YAML: ${(e as Error).message}`)
  }
  const r = BoardsFile.safeParse(raw)
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`)
    throw new BoardsConfigError(`${source}: invalid boards configuration:\n${lines.join('\n')}`)
  }
  return r.data
}

/** Resolve one or more parsed files (later files may not reuse an id). */
export function resolveBoards(files: { file: BoardsFile; source: string }[]): BoardsConfig {
  const boards = new Map<string, Board>()
  const playlists = new Map<string, Playlist>()
  for (const { file, source } of files) {
    const d = file.defaults
    for (const b of file.boards) {
      if (boards.has(b.id) || playlists.has(b.id)) throw new BoardsConfigError(`${source}: board id ${b.id} already defined`)
      boards.set(b.id, {
        kind: 'board',
        id: b.id,
        title: b.title,
        centers: b.centers,
        queues: b.queues,
        channels: b.channels,
        locale: b.locale ?? d.locale,
        theme: b.theme ?? d.theme,
        timezone: b.timezone ?? null,
        refreshSeconds: b.refreshSeconds ?? d.refreshSeconds,
        staleAfterSeconds: d.staleAfterSeconds,
        columns: b.columns,
        alertSound: b.alertSound,
        tiles: b.tiles,
      })
    }
    for (const p of file.playlists) {
      if (boards.has(p.id) || playlists.has(p.id)) throw new BoardsConfigError(`${source}: playlist id ${p.id} already defined`)
      playlists.set(p.id, { kind: 'playlist', id: p.id, title: p.title, locale: p.locale ?? null, entries: p.entries })
    }
  }
  return { boards, playlists, sources: files.map((f) => f.source) }
}

type Cache = { key: string; checkedAt: number; config: BoardsConfig; problem: string | null }
const g = globalThis as unknown as { __plateauBoards?: Cache; __plateauBoardsOverride?: BoardsConfig }

function readAll(paths: string[]): BoardsConfig {
  const files = paths.map((p) => {
    let text: string
    try {
      text = fs.readFileSync(/*turbopackIgnore: true*/ p, 'utf8')
    } catch (e) {
      throw new BoardsConfigError(`cannot read boards configuration ${p}: ${(e as Error).message} (set PLATEAU_BOARDS)`)
    }
    return { file: parseBoards(text, p), source: p }
  })
  return resolveBoards(files)
}

function stamp(paths: string[]): string {
  return paths.map((p) => `${p}@${fs.statSync(/*turbopackIgnore: true*/ p, { throwIfNoEntry: false })?.mtimeMs ?? -1}`).join('|')
}

/**
 * The boards in force. The first load throws if the file is invalid; later invalid edits keep
 * the previous configuration and set `boardsProblem()`.
 */
export function getBoards(): BoardsConfig {
  if (g.__plateauBoardsOverride) return g.__plateauBoardsOverride
  const now = Date.now()
  const c = g.__plateauBoards
  if (c && now - c.checkedAt < 1000) return c.config
  const paths = [boardsConfigPath(), ...extraPaths()].filter((p, i) => i === 0 || fs.existsSync(/*turbopackIgnore: true*/ p))
  const key = stamp(paths)
  if (c && c.key === key) {
    c.checkedAt = now
    return c.config
  }
  try {
    const config = readAll(paths)
    g.__plateauBoards = { key, checkedAt: now, config, problem: null }
    return config
  } catch (e) {
    if (!c) throw e
    const problem = (e as Error).message
    if (problem !== c.problem) console.error(`[plateau] boards configuration not reloaded, keeping the previous one:\n${problem}`)
    g.__plateauBoards = { ...c, key, checkedAt: now, problem }
    return c.config
  }
}

/** The error of the last reload attempt (null when the file in force is the file on disk). */
export function boardsProblem(): string | null {
  return g.__plateauBoardsOverride ? null : (g.__plateauBoards?.problem ?? null)
}

export function getBoard(id: string): Board | null {
  return getBoards().boards.get(id) ?? null
}

export function getPlaylist(id: string): Playlist | null {
  return getBoards().playlists.get(id) ?? null
}

/** Tests and the benchmark: use these boards instead of the files (YAML text or parsed), null restores the files. */
export function setBoardsOverride(config: string | BoardsConfig | null): void {
  g.__plateauBoardsOverride = config === null ? undefined : typeof config === 'string' ? resolveBoards([{ file: parseBoards(config), source: 'override' }]) : config
}
