/**
 * Short-lived child process that opens ONE embedded store (chdb binds one data dir per process)
 * and answers a request given as JSON in argv[2]:
 *   { migrate?: boolean, importEvents?: string[], dumpEvents?: string, queries?: Record<string, string> }
 * - importEvents: JSONEachRow files of `events` rows, inserted in order (the materialized views
 *   build contacts / agent_state_events from them, exactly as for live ingest)
 * - dumpEvents: write every row of `events` (as stored, duplicates included) to this file
 * - queries: run each, answer { name: rows[] }
 * Prints one line `STORE-RESULT <json>` on stdout. PLATEAU_DATA_DIR comes from the environment.
 * Used through `queryStore` in tests/helpers/worker.ts.
 */
import fs from 'node:fs'
import { closeClickHouse, getClickHouse, queryRows } from '../../lib/clickhouse'
import { migrate } from '../../lib/migrate'

type Request = { migrate?: boolean; importEvents?: string[]; dumpEvents?: string; queries?: Record<string, string> }

async function main() {
  const req = JSON.parse(process.argv[2] || '{}') as Request
  if (req.migrate) await migrate()
  const ch = getClickHouse()
  for (const file of req.importEvents ?? []) {
    const body = fs.readFileSync(file, 'utf8')
    if (body.trim()) await ch.insert({ table: 'events', values: body.split('\n').filter(Boolean).map((l) => JSON.parse(l)), format: 'JSONEachRow' })
  }
  if (req.dumpEvents) {
    const rs = await ch.query({ query: 'SELECT * FROM events', format: 'JSONEachRow' })
    fs.writeFileSync(req.dumpEvents, await rs.text())
  }
  const out: Record<string, unknown[]> = {}
  for (const [name, sql] of Object.entries(req.queries ?? {})) out[name] = await queryRows(sql)
  await closeClickHouse()
  process.stdout.write(`STORE-RESULT ${JSON.stringify(out)}\n`)
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
