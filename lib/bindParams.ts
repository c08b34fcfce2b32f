/**
 * Typed placeholders bound in the SQL text, for the embedded engine's read connections.
 *
 * chdb binds `{name:Type}` values through one process-wide chain: two statements with
 * parameters never run at the same time, whatever the connection (node_modules/chdb/index.js,
 * runExclusiveParam: its binder is not safe under concurrency). Statements without parameters
 * on different connections do run in parallel. So reads bind their values here, the way a
 * ClickHouse server binds them (ReplaceQueryParameterVisitor): each placeholder becomes
 * `CAST(<literal> AS Type)`. The SQL the code writes is the same in both modes; the engine
 * still parses the value as the placeholder's type and refuses one that is not of it.
 */

/** A value as a ClickHouse literal: strings quoted with every escape, arrays element by element. */
export function sqlLiteral(v: unknown): string {
  if (v === null || v === undefined) return 'NULL'
  if (typeof v === 'string') return quote(v)
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new TypeError(`query parameter is not a finite number: ${v}`)
    return quote(String(v))
  }
  if (typeof v === 'bigint') return quote(v.toString())
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) throw new TypeError('query parameter is an invalid date')
    return quote(v.toISOString().replace('T', ' ').replace('Z', ''))
  }
  if (Array.isArray(v)) return `[${v.map(sqlLiteral).join(', ')}]`
  throw new TypeError(`query parameter of unsupported kind: ${Object.prototype.toString.call(v)}`)
}

// Backslash and quote end a literal early; control characters are escaped so the text stays one line.
const ESCAPES: Record<string, string> = { '\\': '\\\\', "'": "\\'", '\0': '\\0', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' }

function quote(s: string): string {
  return `'${s.replace(/[\\'\0\b\f\n\r\t]/g, (c) => ESCAPES[c]!)}'`
}

/**
 * What the engine's lexer reads as a unit: a string literal ('…', with \ or '' escapes), a quoted
 * identifier ("…" or `…`), a comment (-- to the end of the line, /* … *\/), or a placeholder: a
 * name, a colon and a type (types nest parentheses and quotes, never braces). Only placeholders
 * are bound: text shaped like one inside a literal or a comment stays text, as on a server.
 */
const TOKEN = /'(?:[^'\\]|\\[\s\S]|'')*'|"(?:[^"\\]|\\[\s\S])*"|`(?:[^`\\]|\\[\s\S])*`|--[^\n]*|\/\*[\s\S]*?\*\/|\{([A-Za-z_][A-Za-z0-9_]*)\s*:\s*([^{}]+?)\s*\}/g

/**
 * `sql` with each `{name:Type}` whose name is in `params` replaced by `CAST(literal AS Type)`.
 * Numbers travel as text, so the type alone decides how they are read (as a server does).
 * A placeholder without a value is left as it is: the engine then reports it missing.
 */
export function bindParams(sql: string, params: Record<string, unknown>): string {
  return sql.replace(TOKEN, (m, name: string | undefined, type: string | undefined) =>
    name !== undefined && Object.hasOwn(params, name) ? `CAST(${sqlLiteral(params[name])} AS ${type})` : m,
  )
}
