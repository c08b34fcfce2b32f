/**
 * Server-side sign-out. Sessions are JWT cookies, so signing out only deleted the browser's copy:
 * a copied cookie kept working until it expired. Every session now carries an id (`sid`, set at
 * sign-in and kept across refreshes); signing out lists that id in revoked-sessions.json beside
 * the users file, and a listed id is refused everywhere (pages, APIs, display of the session).
 *
 * Bounded: an entry is kept for one session lifetime after the sign-out (a token refreshed just
 * before the sign-out expires by then, and a refresh after it is neutered, see options.ts), and
 * the list holds at most PLATEAU_REVOKED_SESSIONS_MAX ids (default 100,000; oldest dropped first).
 */
import path from 'node:path'
import { z } from 'zod'
import { num, usersFile } from './config'
import { mutateJson, readJson, writeJson } from './json-store'
type SessionIds = { sid?: unknown; jti?: unknown }

const RevokedFile = z.object({
  version: z.literal(1).default(1),
  /** session id → epoch ms until which it must be refused */
  revoked: z.record(z.string(), z.number()).default({}),
})
type RevokedFile = z.infer<typeof RevokedFile>

export function revokedSessionsFile(): string {
  return path.join(path.dirname(usersFile()), 'revoked-sessions.json')
}

const empty = (): RevokedFile => ({ version: 1, revoked: {} })
const read = () => readJson(revokedSessionsFile(), empty, (raw) => RevokedFile.parse(raw))

/** The id a session is revoked by: its `sid`, or for tokens issued before sids existed, its `jti`. */
export function sessionId(c: SessionIds): string | null {
  const id = typeof c.sid === 'string' ? c.sid : typeof c.jti === 'string' ? c.jti : null
  return id && id.length <= 200 ? id : null
}

export function isSessionRevoked(c: SessionIds, now = Date.now()): boolean {
  const id = sessionId(c)
  if (!id) return false
  const until = read().revoked[id]
  return until !== undefined && until > now
}

/** Refuse this session from now on (for `lifetimeS`, the longest it could still be presented). */
export async function revokeSession(c: SessionIds, lifetimeS: number, now = Date.now()): Promise<boolean> {
  const id = sessionId(c)
  if (!id) return false
  const file = revokedSessionsFile()
  await mutateJson(
    file,
    read,
    (f) => {
      for (const [k, until] of Object.entries(f.revoked)) if (until <= now) delete f.revoked[k]
      f.revoked[id] = now + lifetimeS * 1000
      const max = Math.max(1, num('PLATEAU_REVOKED_SESSIONS_MAX', 100_000))
      const ids = Object.keys(f.revoked)
      if (ids.length > max) {
        console.warn(`[plateau] more than ${max} revoked sessions: forgetting the oldest`)
        ids.sort((a, b) => f.revoked[a]! - f.revoked[b]!)
        for (const k of ids.slice(0, ids.length - max)) delete f.revoked[k]
      }
    },
    (v) => writeJson(file, v),
  )
  return true
}
