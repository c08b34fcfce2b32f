/**
 * "A revocable secret with a name", the shape API keys and display links share: a JSON file in
 * the data dir holding a list of records, each with the SHA-256 of its secret (the secret itself
 * is shown once at creation and never stored), a hint (its first characters), who created it
 * and when, and when it was revoked. Revocation takes effect on the next request: the file is
 * re-read when it changes (json-store.ts).
 */
import { z } from 'zod'
import { mutateJson, readJson, writeJson } from './json-store'
import { sha256 } from './tokens'

/** Fields every record has; each kind adds its own (and names its hash field, for file compatibility). */
export const secretRecordFields = {
  id: z.string(),
  name: z.string().default(''),
  /** First characters of the secret, to recognise it in the admin list. */
  hint: z.string().default(''),
  createdAt: z.string(),
  createdBy: z.string().default(''),
  revokedAt: z.string().nullish(),
}
type Base = { id: string; name: string; hint: string; createdAt: string; createdBy: string; revokedAt?: string | null }

export function secretList<T extends Base, H extends keyof T & string, L extends string>(o: {
  file: () => string
  /** Name of the list in the file ({ version: 1, [list]: [...] }). */
  list: L
  record: z.ZodType<T>
  hashField: H
}) {
  type FileShape = { version: 1 } & Record<L, T[]>
  const schema = z.object({ version: z.literal(1).default(1), [o.list]: z.array(o.record).default([]) })
  const empty = () => ({ version: 1, [o.list]: [] }) as unknown as FileShape
  const parse = (raw: unknown) => schema.parse(raw) as unknown as FileShape
  const read = (): T[] => readJson(o.file(), empty, parse)[o.list]
  const mutate = <R>(fn: (items: T[], f: FileShape) => R): Promise<R> => {
    const file = o.file()
    return mutateJson(file, () => readJson(file, empty, parse), (f) => fn(f[o.list], f), (v) => writeJson(file, v))
  }
  return {
    read,
    /** The active (not revoked) record whose secret this is, or null. */
    find(secret: string): T | null {
      const h = sha256(secret)
      const r = read().find((x) => x[o.hashField] === h)
      return r && !r.revokedAt ? r : null
    },
    add: (r: T) => mutate((items) => void items.push(r)),
    revoke: (id: string) =>
      mutate((items) => {
        const r = items.find((x) => x.id === id)
        if (!r) return false
        r.revokedAt ??= new Date().toISOString()
        return true
      }),
    remove: (id: string) =>
      mutate((items, f) => {
        const kept = items.filter((x) => x.id !== id)
        ;(f as Record<string, T[]>)[o.list] = kept
        return kept.length < items.length
      }),
    /** The record without its hash, as the admin pages and API show it. */
    publicView(r: T): Omit<T, H> {
      const { [o.hashField]: _drop, ...rest } = r
      return rest as Omit<T, H>
    },
  }
}
