import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path'
process.env.PLATEAU_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'exp6-'))
const { migrate } = await import('./lib/migrate'); await migrate()
const { queryRows } = await import('./lib/clickhouse')
const { insertBatch } = await import('./ingest/sink')
const { generateEvents } = await import('./tests/helpers/contact-events')
const { toRow } = await import('./ingest/rows')
const now = Date.now()
for (let t = 0; t < 1500; t++) {
  const ev = generateEvents({ events: 100, seed: t, prefix: `f-${String(t).padStart(6, '0')}`, startMs: now - 1800e3, gapMs: 50 })
  if (t % 100 === 0 || true) await insertBatch({ events: ev.map(e => toRow(e, now)), deadLetters: [] })
}
const q = `SELECT toUInt32(substring(contact_id, 3, 6)) AS tick, count() AS n FROM contacts_v WHERE contact_id >= {from:String} AND startsWith(contact_id, 'f-') AND queued_at IS NOT NULL GROUP BY tick`
for (const from of ['f-000000', 'f-001490']) {
  const t0 = Date.now(); for (let i = 0; i < 5; i++) await queryRows(q, { from }); console.log(from, (Date.now() - t0) / 5, 'ms')
}
const ex = await queryRows<any>(`EXPLAIN indexes = 1 ${q.replace('{from:String}', "'f-001490'")}`)
console.log(ex.map(r => Object.values(r)[0]).join('\n'))
console.log(await queryRows(`SELECT count() parts FROM system.parts WHERE active AND table = 'contacts'`))
