/**
 * Display links for wall screens: one link = one board, read-only, no sign-in.
 * The token (256 bits) is shown once at creation; only its SHA-256 is stored in
 * <data dir>/display-links.json. Revoking takes effect on the next request (the file is
 * re-read when it changes), so the board's next data refresh answers 401.
 */
import crypto from 'node:crypto'
import { z } from 'zod'
import { displayLinksFile } from './config'
import { mutateJson, readJson, writeJson } from './json-store'
import type { Principal } from './principal'
import { randomToken, sha256 } from './tokens'

export const DisplayLink = z.object({
  id: z.string(),
  boardId: z.string().min(1),
  name: z.string().default(''),
  tokenHash: z.string().length(64),
  /** First characters of the token, to recognise a link in the admin list. */
  hint: z.string().default(''),
  centers: z.union([z.literal('*'), z.array(z.string())]).default('*'),
  createdAt: z.string(),
  createdBy: z.string().default(''),
  revokedAt: z.string().nullish(),
})
export type DisplayLink = z.infer<typeof DisplayLink>
const FileSchema = z.object({ version: z.literal(1).default(1), links: z.array(DisplayLink).default([]) })
type FileShape = z.infer<typeof FileSchema>

const TOKEN_RE = /^[A-Za-z0-9_-]{32,128}$/

export function readDisplayLinks(): DisplayLink[] {
  return readJson(displayLinksFile(), (): FileShape => ({ version: 1, links: [] }), (r) => FileSchema.parse(r)).links
}

/** Token from a /display/<token> URL, X-Display-Token header or display cookie → the display principal, or null (unknown/revoked/malformed). */
export function resolveDisplayToken(token: string | null | undefined): Extract<Principal, { kind: 'display' }> | null {
  if (!token || !TOKEN_RE.test(token)) return null
  const h = sha256(token)
  const link = readDisplayLinks().find((l) => l.tokenHash === h)
  if (!link || link.revokedAt) return null
  return { kind: 'display', linkId: link.id, boardId: link.boardId, centers: link.centers }
}

async function mutate<R>(fn: (f: FileShape) => R): Promise<R> {
  const file = displayLinksFile()
  return mutateJson(file, () => readJson(file, (): FileShape => ({ version: 1, links: [] }), (r) => FileSchema.parse(r)), fn, (v) => writeJson(file, v))
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
  await mutate((f) => void f.links.push(link))
  return { link, token }
}

export async function revokeDisplayLink(id: string): Promise<boolean> {
  return mutate((f) => {
    const l = f.links.find((x) => x.id === id)
    if (!l) return false
    l.revokedAt ??= new Date().toISOString()
    return true
  })
}

export async function deleteDisplayLink(id: string): Promise<boolean> {
  return mutate((f) => {
    const n = f.links.length
    f.links = f.links.filter((x) => x.id !== id)
    return f.links.length < n
  })
}

export function publicDisplayLink(l: DisplayLink) {
  const { tokenHash: _drop, ...rest } = l
  return rest
}

/** Where the wall screen is sent after /display/<token> (the board page, built in app/wallboard/[boardId]). */
export function boardPath(boardId: string): string {
  return `/wallboard/${encodeURIComponent(boardId)}`
}
