/**
 * Amazon Connect over HTTP: the body of POST /api/connectors/connect/{center} → records. Either
 * a Kinesis Data Firehose HTTP-endpoint delivery ({ requestId, records: [{ data: base64 }] },
 * each data one or more JSON lines: CTRs or agent events), or CTR / agent-event lines as NDJSON
 * or a JSON array. A record that cannot be decoded is returned as a raw string (it is then
 * rejected into dead_letters by the mapper with its reason): nothing is dropped.
 */
export type ConnectBody = { requestId: string | null; lines: string[] }

const B64 = /^[A-Za-z0-9+/]*={0,2}$/
const strict = new TextDecoder('utf-8', { fatal: true })

export function connectBodyLines(body: string): ConnectBody {
  const t = body.trim()
  if (!t) return { requestId: null, lines: [] }
  if (t.startsWith('{') || t.startsWith('[')) {
    let v: unknown
    try {
      v = JSON.parse(t)
    } catch {
      v = undefined // NDJSON: handled below
    }
    if (Array.isArray(v)) return { requestId: null, lines: v.map((x) => JSON.stringify(x)) }
    const o = v as { requestId?: unknown; records?: unknown } | undefined
    if (o && typeof o === 'object' && Array.isArray(o.records)) {
      const lines: string[] = []
      for (const r of o.records as Array<{ data?: unknown }>) {
        const d = typeof r?.data === 'string' ? r.data : null
        if (d === null || !B64.test(d)) {
          lines.push(JSON.stringify(r ?? null)) // rejected by the mapper: neither a CTR nor an agent event
          continue
        }
        let text: string
        try {
          text = strict.decode(Buffer.from(d, 'base64'))
        } catch {
          lines.push(`(Firehose record not valid UTF-8: ${d.slice(0, 200)})`)
          continue
        }
        for (const l of text.split(/\r?\n/)) if (l.trim()) lines.push(l)
      }
      return { requestId: typeof o.requestId === 'string' ? o.requestId.slice(0, 128) : null, lines }
    }
    if (o && typeof o === 'object') return { requestId: null, lines: [t] }
  }
  return { requestId: null, lines: t.split(/\r?\n/).filter((l) => l.trim() !== '') }
}
