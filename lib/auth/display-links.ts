/**
 * Display links for wall screens: one link = one board, read-only, no sign-in.
 * The token (256 bits) is shown once at creation; only its SHA-256 is stored in
 * <data dir>/display-links.json. Revoking takes effect on the next request (the file is
 * re-read when it changes), so the board's next data refresh answers 401.
 */
import crypto from 'node:crypto'
import { z } from 'zod'
import { displayLinksFile } from './config'
import type { Principal } from './principal'
import { secretList, secretRecordFields } from './secret-list'
import { randomToken, sha256 } from './tokens'

export const DisplayLink = z.object({
  ...secretRecordFields,
  boardId: z.string().min(1),
  tokenHash: z.string().length(64),
  centers: z.union([z.literal('*'), z.array(z.string())]).default('*'),
})
export type DisplayLink = z.infer<typeof DisplayLink>
const links = secretList({ file: displayLinksFile, list: 'links', record: DisplayLink, hashField: 'tokenHash' })

const TOKEN_RE = /^[A-Za-z0-9_-]{32,128}$/

export const readDisplayLinks = links.read

/** Token from a /display/<token> URL, X-Display-Token header or display cookie → the display principal, or null (unknown/revoked/malformed). */
export function resolveDisplayToken(token: string | null | undefined): Extract<Principal, { kind: 'display' }> | null {
  if (!token || !TOKEN_RE.test(token)) return null
  const link = links.find(token)
  if (!link) return null
  return { kind: 'display', linkId: link.id, boardId: link.boardId, centers: link.centers }
}

/** Create a link; the returned token is shown once and never stored. */
export async function createDisplayLink(input: { boardId: string; name?: string; centers?: string[] | '*'; createdBy?: string }): Promise<{ link: DisplayLink; token: string }> {
  const token = randomToken(32)
  const link: DisplayLink = {
    id: crypto.randomUUID(),
    boardId: input.boardId,
    name: input.name ?? '',
    tokenHash: sha256(token),
    hint: token.slice(0, 6),
    centers: input.centers ?? '*',
    createdAt: new Date().toISOString(),
    createdBy: input.createdBy ?? '',
    revokedAt: null,
  }
  await links.add(link)
  return { link, token }
}

export const revokeDisplayLink = links.revoke
export const deleteDisplayLink = links.remove
export const publicDisplayLink = links.publicView

/** Where the wall screen is sent after /display/<token> (the board page, built in app/wallboard/[boardId]). */
export function boardPath(boardId: string): string {
  return `/wallboard/${encodeURIComponent(boardId)}`
}
