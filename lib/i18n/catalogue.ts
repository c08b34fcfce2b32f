/**
 * Catalogue inspection used by the i18n tests and tests/helpers/raw-keys.ts: flattening
 * nested messages into dotted keys and extracting the ICU arguments of a message.
 */

export type MessageTree = { [key: string]: string | MessageTree }

/** `{ a: { b: 'x' } }` → `{ 'a.b': 'x' }` (leaves of any type, so tests can reject non-strings). */
export function flattenMessages(tree: unknown, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  if (tree === null || typeof tree !== 'object' || Array.isArray(tree)) {
    out[prefix] = tree
    return out
  }
  for (const [k, v] of Object.entries(tree as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) Object.assign(out, flattenMessages(v, key))
    else out[key] = v
  }
  return out
}

/** Every object path of a tree (`kpi`, `kpi.asa`), i.e. the prefixes of the leaf keys. */
export function branchPaths(tree: unknown, prefix = ''): string[] {
  if (tree === null || typeof tree !== 'object' || Array.isArray(tree)) return []
  const out: string[] = []
  for (const [k, v] of Object.entries(tree as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) out.push(key, ...branchPaths(v, key))
  }
  return out
}

const ARG_NAME = /^[A-Za-z0-9_]+$/
const TAG = /^<(\/?)([A-Za-z][\w-]*)>/

/**
 * The arguments of an ICU message as sorted signatures, e.g.
 * `Last updated {time}` → ['time'];
 * `{count, plural, one {# row} other {# rows}}` → ['count:plural'];
 * `{role, select, admin {…} other {…}}` → ['role:select(admin|other)'];
 * `<b>{n}</b>` → ['<b>', 'n']. Plural categories are NOT part of the signature (French has
 * `many`, English does not). Throws on malformed messages (unbalanced braces, missing `other`).
 */
export function icuArguments(message: string): string[] {
  const out = new Set<string>()
  const end = parseText(message, 0, false, out, 0)
  if (end !== message.length) throw new Error(`unexpected "}" at ${end}`)
  return [...out].sort()
}

function parseText(s: string, start: number, inPlural: boolean, out: Set<string>, depth: number): number {
  let i = start
  while (i < s.length) {
    const c = s[i]
    if (c === "'") {
      const n = s[i + 1]
      if (n === "'") {
        i += 2
        continue
      }
      if (n === '{' || n === '}' || n === '<' || (inPlural && n === '#')) {
        const close = s.indexOf("'", i + 1)
        if (close < 0) throw new Error(`unterminated quote at ${i}`)
        i = close + 1
        continue
      }
      i++
      continue
    }
    if (c === '{') {
      i = parseArgument(s, i + 1, out, depth)
      continue
    }
    if (c === '}') {
      if (depth === 0) throw new Error(`unbalanced "}" at ${i}`)
      return i
    }
    if (c === '<') {
      const m = TAG.exec(s.slice(i))
      if (m) {
        if (!m[1]) out.add(`<${m[2]}>`)
        i += m[0].length
        continue
      }
    }
    i++
  }
  if (depth > 0) throw new Error('unclosed "{"')
  return i
}

function readUntil(s: string, i: number, stops: string): [string, number] {
  let j = i
  while (j < s.length && !stops.includes(s[j]!)) j++
  if (j >= s.length) throw new Error('unclosed "{"')
  return [s.slice(i, j).trim(), j]
}

function parseArgument(s: string, start: number, out: Set<string>, depth: number): number {
  const [name, afterName] = readUntil(s, start, ',}')
  if (!ARG_NAME.test(name)) throw new Error(`invalid argument name "${name}"`)
  if (s[afterName] === '}') {
    out.add(name)
    return afterName + 1
  }
  const [type, afterType] = readUntil(s, afterName + 1, ',}')
  if (type === 'plural' || type === 'selectordinal' || type === 'select') {
    if (s[afterType] !== ',') throw new Error(`"${name}, ${type}" without options`)
    let i = afterType + 1
    const keys: string[] = []
    for (;;) {
      while (i < s.length && /\s/.test(s[i]!)) i++
      if (i >= s.length) throw new Error('unclosed "{"')
      if (s[i] === '}') break
      let j = i
      while (j < s.length && !/[\s{}]/.test(s[j]!)) j++
      const key = s.slice(i, j)
      i = j
      if (key.startsWith('offset:')) continue
      while (i < s.length && /\s/.test(s[i]!)) i++
      if (s[i] !== '{') throw new Error(`option "${key}" of "${name}" without a message`)
      const close = parseText(s, i + 1, type !== 'select', out, depth + 1)
      keys.push(key)
      i = close + 1
    }
    if (!keys.includes('other')) throw new Error(`"${name}, ${type}" has no "other" option`)
    out.add(type === 'select' ? `${name}:select(${[...keys].sort().join('|')})` : `${name}:${type}`)
    return i + 1
  }
  // number, date, time (optionally with a style or skeleton)
  out.add(`${name}:${type}`)
  if (s[afterType] === '}') return afterType + 1
  const [, afterStyle] = readUntil(s, afterType + 1, '}')
  return afterStyle + 1
}
