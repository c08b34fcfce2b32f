/**
 * Local users (embedded default): a JSON file with bcrypt hashes.
 * File: PLATEAU_USERS_FILE, default <PLATEAU_DATA_DIR>/users.json. See docs/security.md.
 */
import crypto from 'node:crypto'
import { z } from 'zod'
import { authMode, num, usersFile } from './config'
import { mutateJson, readJson, writeJson } from './json-store'
import { bcryptCompare, bcryptHash } from './bcrypt-pool'
import { bothLanguages, checkPassword } from './password-policy'
import { ROLES, type Role } from './roles'

const CenterList = z.union([z.literal('*'), z.array(z.string().min(1).max(100))])

export const UserRecord = z.object({
  id: z.string().min(1),
  username: z.string().min(1).max(100),
  name: z.string().max(200).default(''),
  passwordHash: z.string().min(1),
  roles: z.array(z.enum(ROLES as [Role, ...Role[]])).default([]),
  centers: CenterList.default([]),
  locale: z.enum(['fr', 'en']).optional(),
  disabled: z.boolean().optional(),
  /** Bumped on password change / "sign out everywhere": older sessions stop working. */
  sessionVersion: z.number().int().nonnegative().default(0),
  createdAt: z.string().default(() => new Date().toISOString()),
  updatedAt: z.string().optional(),
})
export type UserRecord = z.infer<typeof UserRecord>

export const UsersFile = z.object({
  version: z.literal(1).default(1),
  users: z.array(UserRecord).default([]),
  /** Set when the first admin was created; cleared when that admin changes the password. */
  firstRun: z.object({ username: z.string(), source: z.enum(['env', 'generated']), at: z.string() }).nullish(),
})
export type UsersFile = z.infer<typeof UsersFile>

export type PublicUser = Omit<UserRecord, 'passwordHash'>

const empty = (): UsersFile => ({ version: 1, users: [], firstRun: null })

export function readUsers(): UsersFile {
  return readJson(usersFile(), empty, (raw) => UsersFile.parse(raw))
}

export function findUserById(id: string): UserRecord | undefined {
  return readUsers().users.find((u) => u.id === id)
}

export function findUserByUsername(username: string): UserRecord | undefined {
  const n = normUsername(username)
  return readUsers().users.find((u) => normUsername(u.username) === n)
}

export function normUsername(s: string): string {
  return s.trim().normalize('NFKC').toLowerCase()
}

export function toPublic(u: UserRecord): PublicUser {
  const { passwordHash: _drop, ...rest } = u
  return rest
}

function cost(): number {
  return Math.min(15, Math.max(4, num('PLATEAU_BCRYPT_COST', 12)))
}

export async function hashPassword(pw: string, rounds = cost()): Promise<string> {
  return bcryptHash(pw, rounds)
}

// Compared against when the user does not exist, so timing doesn't reveal which usernames exist.
const dummyHashes = new Map<number, Promise<string>>()
/** The hash unknown users are compared against: same cost as real users' (PLATEAU_BCRYPT_COST). */
export function dummyHash(): Promise<string> {
  const c = cost()
  let h = dummyHashes.get(c)
  if (!h) dummyHashes.set(c, (h = bcryptHash('plateau-dummy', c)))
  return h
}

/** Username + password → the user, or null (unknown, disabled, wrong password). */
export async function verifyPassword(username: string, password: string): Promise<UserRecord | null> {
  if (typeof username !== 'string' || typeof password !== 'string' || password.length > 1024) return null
  const u = findUserByUsername(username)
  if (!u || u.disabled) {
    await bcryptCompare(password, await dummyHash())
    return null
  }
  return (await bcryptCompare(password, u.passwordHash)) ? u : null
}

export type NewUser = {
  username: string
  name?: string
  password: string
  roles: Role[]
  centers: string[] | '*'
  locale?: 'fr' | 'en'
  disabled?: boolean
}

async function mutate<R>(fn: (f: UsersFile) => R | Promise<R>): Promise<R> {
  return mutateJson(usersFile(), readUsers, fn, (v) => writeJson(usersFile(), v))
}

export async function createUser(input: NewUser, opts: { rounds?: number } = {}): Promise<PublicUser> {
  const passwordHash = await hashPassword(input.password, opts.rounds)
  return mutate((f) => {
    if (f.users.some((u) => normUsername(u.username) === normUsername(input.username))) {
      throw new UserError(`user "${input.username}" already exists`, 409)
    }
    const u: UserRecord = {
      id: crypto.randomUUID(),
      username: input.username.trim(),
      name: input.name?.trim() || input.username.trim(),
      passwordHash,
      roles: [...new Set(input.roles)],
      centers: input.centers,
      locale: input.locale,
      disabled: input.disabled || undefined,
      sessionVersion: 0,
      createdAt: new Date().toISOString(),
    }
    f.users.push(u)
    return toPublic(u)
  })
}

export type UserPatch = Partial<Omit<NewUser, 'username'>> & { signOutEverywhere?: boolean }

export async function updateUser(id: string, patch: UserPatch): Promise<PublicUser> {
  const passwordHash = patch.password !== undefined ? await hashPassword(patch.password) : undefined
  return mutate((f) => {
    const u = f.users.find((x) => x.id === id)
    if (!u) throw new UserError('no such user', 404)
    if (patch.name !== undefined) u.name = patch.name
    if (patch.roles !== undefined) u.roles = [...new Set(patch.roles)]
    if (patch.centers !== undefined) u.centers = patch.centers
    if (patch.locale !== undefined) u.locale = patch.locale
    if (patch.disabled !== undefined) u.disabled = patch.disabled || undefined
    if (passwordHash) {
      u.passwordHash = passwordHash
      u.sessionVersion += 1
      if (f.firstRun && normUsername(f.firstRun.username) === normUsername(u.username)) f.firstRun = null
    }
    if (patch.signOutEverywhere) u.sessionVersion += 1
    u.updatedAt = new Date().toISOString()
    assertAnAdminRemains(f)
    return toPublic(u)
  })
}

export async function deleteUser(id: string): Promise<void> {
  await mutate((f) => {
    const i = f.users.findIndex((x) => x.id === id)
    if (i < 0) throw new UserError('no such user', 404)
    f.users.splice(i, 1)
    assertAnAdminRemains(f)
  })
}

function assertAnAdminRemains(f: UsersFile) {
  if (!f.users.some((u) => !u.disabled && u.roles.includes('admin')) && f.users.length > 0) {
    throw new UserError('at least one enabled admin must remain', 409)
  }
}

export class UserError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message)
  }
}

/** PLATEAU_ADMIN_PASSWORD does not pass the password policy: the first admin is not created with it. */
export class WeakAdminPasswordError extends Error {}

const g = globalThis as unknown as { __plateauAuthBootstrap?: Promise<void> }

/**
 * First run: no users file (or no users) → create `admin` with PLATEAU_ADMIN_PASSWORD, or a
 * random password printed ONCE in the server log. Idempotent; safe to call on every request.
 */
export function ensureFirstAdmin(log: (m: string) => void = console.log): Promise<void> {
  return (g.__plateauAuthBootstrap ??= (async () => {
    if (authMode() === 'off') {
      log(
        '\n' +
          '[plateau] ############################################################\n' +
          '[plateau] #  WARNING: PLATEAU_AUTH=off — NO SIGN-IN. Every visitor is   #\n' +
          '[plateau] #  an ADMIN and /api/events needs no API key. Local demo only. #\n' +
          '[plateau] ############################################################\n',
      )
      return
    }
    if (process.env.PLATEAU_LOCAL_LOGIN === 'off') return
    if (readUsers().users.length > 0) return
    const fromEnv = process.env.PLATEAU_ADMIN_PASSWORD
    if (fromEnv) {
      const p = checkPassword(fromEnv, ['admin', 'plateau'])
      if (!p.ok) throw new WeakAdminPasswordError(`PLATEAU_ADMIN_PASSWORD refused, no admin created: ${bothLanguages(p)}`)
    }
    const password = fromEnv || crypto.randomBytes(15).toString('base64url')
    const created = await mutate(async (f) => {
      if (f.users.length > 0) return false // someone else won the race
      f.users.push({
        id: crypto.randomUUID(),
        username: 'admin',
        name: 'Administrator',
        passwordHash: await hashPassword(password),
        roles: ['admin'],
        centers: '*',
        sessionVersion: 0,
        createdAt: new Date().toISOString(),
      })
      f.firstRun = { username: 'admin', source: fromEnv ? 'env' : 'generated', at: new Date().toISOString() }
      return true
    })
    if (!created) return
    if (fromEnv) log(`[plateau] first run: created user "admin" with the password from PLATEAU_ADMIN_PASSWORD (users file ${usersFile()})`)
    else
      log(
        '\n[plateau] ================================================================\n' +
          `[plateau] FIRST RUN — sign in as:  admin  /  ${password}\n` +
          '[plateau] This password is printed only once. Change it in /admin/users.\n' +
          `[plateau] (users file: ${usersFile()})\n` +
          '[plateau] ================================================================\n',
      )
  })().catch((e) => {
    g.__plateauAuthBootstrap = undefined
    throw e
  }))
}
