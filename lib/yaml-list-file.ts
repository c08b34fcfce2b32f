/**
 * A YAML file holding one list (`rules:` of the alert rules, `schedules:` of the report
 * schedules) edited one entry at a time from the admin pages: the other entries and their
 * comments stay as written (YAML document edit), the new text is validated whole before it is
 * written, the write is atomic (temporary file + rename, so hot reload by mtime never sees half a
 * file), and edits are serialised inside this process (between processes the last write wins).
 */
import fs from 'node:fs'
import path from 'node:path'
import { isMap, isSeq, parseDocument, type Document, type YAMLSeq } from 'yaml'

/** A refused edit, with the HTTP status it answers. */
export class ListEditError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409,
    message: string,
  ) {
    super(message)
  }
}

/** A refused edit as an HTTP answer (other errors are rethrown). */
export function listEditProblem(e: unknown): Response {
  if (!(e instanceof ListEditError)) throw e
  const error = { 400: 'bad_request', 403: 'forbidden', 404: 'not_found', 409: 'conflict' }[e.status]
  return Response.json({ error, message: e.message }, { status: e.status, headers: { 'cache-control': 'no-store' } })
}

/** What the page or an API client sent: `{ yaml }` (one entry as YAML) or `{ [key]: object }`. */
export function rawEntry(body: unknown, key: string): unknown {
  if (body && typeof body === 'object' && 'yaml' in body && typeof (body as { yaml: unknown }).yaml === 'string') {
    try {
      return parseDocument((body as { yaml: string }).yaml, { uniqueKeys: true }).toJS()
    } catch (e) {
      throw new ListEditError(400, `invalid YAML: ${(e as Error).message}`)
    }
  }
  if (body && typeof body === 'object' && key in body) return (body as Record<string, unknown>)[key]
  return body
}

/** Only the fields set (defaults and undefined stay implicit in the file). */
export function plainEntry(v: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(v)) as Record<string, unknown>
}

function readDoc(file: string, key: string): { doc: Document; seq: YAMLSeq } {
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : ''
  const doc = parseDocument(text || `${key}: []\n`)
  if (doc.errors.length) throw new ListEditError(409, `${file}: invalid YAML, fix the file first: ${doc.errors[0]!.message}`)
  if (!isMap(doc.contents)) throw new ListEditError(409, `${file}: expected a map with ${key}`)
  if (!doc.has(key)) doc.set(key, doc.createNode([]))
  const seq = doc.get(key)
  if (!isSeq(seq)) throw new ListEditError(409, `${file}: ${key} must be a list`)
  return { doc, seq }
}

function writeAtomic(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`
  fs.writeFileSync(tmp, text)
  fs.renameSync(tmp, file)
}

let chain: Promise<unknown> = Promise.resolve()

/**
 * Runs `edit` on the list `key` of `file` (its current text, parsed, is passed as `text`); when
 * `edit` returns, the new text is checked by `validate` (throws: nothing written) and written.
 * Errors other than ListEditError become 400s with their message.
 */
export function editYamlList<T>(
  file: string,
  key: string,
  edit: (list: { doc: Document; seq: YAMLSeq; text: string }) => T | Promise<T>,
  validate: (text: string) => void,
): Promise<T> {
  const run = chain
    .catch(() => undefined)
    .then(async () => {
      const { doc, seq } = readDoc(file, key)
      const out = await edit({ doc, seq, text: String(doc) })
      const text = String(doc)
      validate(text)
      writeAtomic(file, text)
      return out
    })
  chain = run
  return run.catch((e: unknown) => {
    if (e instanceof ListEditError) throw e
    throw new ListEditError(400, (e as Error).message.slice(0, 2000))
  })
}
