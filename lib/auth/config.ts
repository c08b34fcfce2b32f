/**
 * Auth configuration from the environment. Every secret is either given by env or generated
 * and persisted in the data dir (never in the repository). See docs/security.md.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { dataDir } from '../clickhouse'

export type AuthMode = 'on' | 'off'

/** PLATEAU_AUTH=off → everyone is an admin (local demo only, loud warning). Anything else → on. */
export function authMode(): AuthMode {
  const v = (process.env.PLATEAU_AUTH || '').trim().toLowerCase()
  return v === 'off' || v === '0' || v === 'false' || v === 'disabled' ? 'off' : 'on'
}

/** Where auth state files live (users, API keys, display links, generated secret). */
export function authDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.PLATEAU_AUTH_DIR || dataDir())
}

export function usersFile(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.PLATEAU_USERS_FILE || path.join(authDir(), 'users.json'))
}
export function apiKeysFile(): string {
  return path.join(authDir(), 'api-keys.json')
}
export function displayLinksFile(): string {
  return path.join(authDir(), 'display-links.json')
}
export function secretFile(): string {
  return path.join(authDir(), 'auth-secret')
}

const g = globalThis as unknown as { __plateauAuthSecret?: string }

/** NEXTAUTH_SECRET (or AUTH_SECRET); else a random secret generated once and kept in <data dir>/auth-secret (0600). */
export function authSecret(): string {
  const env = process.env.NEXTAUTH_SECRET || process.env.AUTH_SECRET
  if (env) return env
  if (g.__plateauAuthSecret) return g.__plateauAuthSecret
  const file = secretFile()
  try {
    const s = fs.readFileSync(file, 'utf8').trim()
    if (s.length >= 32) return (g.__plateauAuthSecret = s)
  } catch {
    /* not there yet */
  }
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const s = crypto.randomBytes(48).toString('base64url')
  try {
    fs.writeFileSync(file, s + '\n', { mode: 0o600, flag: 'wx' })
    g.__plateauAuthSecret = s
  } catch {
    // another process created it first: use theirs
    g.__plateauAuthSecret = fs.readFileSync(file, 'utf8').trim()
  }
  return g.__plateauAuthSecret!
}

/** True when the public URL is HTTPS (NEXTAUTH_URL) → Secure + __Secure- cookies. */
export function secureCookiesFromEnv(): boolean | undefined {
  const u = process.env.NEXTAUTH_URL
  if (!u) return undefined
  return u.startsWith('https://')
}

export function num(name: string, def: number): number {
  const v = process.env[name]
  if (v === undefined || v.trim() === '') return def
  const n = Number(v)
  return Number.isFinite(n) && n >= 0 ? n : def
}

export function oidcConfig() {
  const issuer = process.env.OIDC_ISSUER?.trim()
  const clientId = process.env.OIDC_CLIENT_ID?.trim()
  const clientSecret = process.env.OIDC_CLIENT_SECRET?.trim()
  if (!issuer || !clientId || !clientSecret) return null
  return {
    issuer: issuer.replace(/\/+$/, ''),
    clientId,
    clientSecret,
    name: process.env.OIDC_NAME || 'SSO',
    scope: process.env.OIDC_SCOPE || 'openid email profile',
    rolesClaim: process.env.OIDC_ROLES_CLAIM || 'roles',
    centersClaim: process.env.OIDC_CENTERS_CLAIM || 'centers',
    /** "idp-group=role,other=role"; identity mapping for plateau role names is always on. */
    roleMap: parseMap(process.env.OIDC_ROLE_MAP || ''),
    defaultRoles: (process.env.OIDC_DEFAULT_ROLES || '').split(',').map((s) => s.trim()).filter(Boolean),
    defaultCenters: (process.env.OIDC_DEFAULT_CENTERS || '').split(',').map((s) => s.trim()).filter(Boolean),
  }
}
export type OidcConfig = NonNullable<ReturnType<typeof oidcConfig>>

function parseMap(s: string): Record<string, string[]> {
  const m: Record<string, string[]> = {}
  for (const part of s.split(/[,;]/)) {
    const i = part.lastIndexOf('=')
    if (i <= 0) continue
    const k = part.slice(0, i).trim()
    const v = part.slice(i + 1).trim()
    if (k && v) (m[k] ??= []).push(v)
  }
  return m
}
