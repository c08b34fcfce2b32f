/**
 * Applies clickhouse/migrations/NNNN_name.sql in order at start-up. Every statement is
 * idempotent (IF NOT EXISTS), so running twice, or on a half-migrated store, is safe.
 */
import fs from 'node:fs'
import path from 'node:path'
import { migrationsDir, splitStatements } from './migration-files'
import { getClickHouse, makeClient, serverDatabase, storeMode } from './clickhouse'

export async function migrate(log: (m: string) => void = () => {}): Promise<string[]> {
  if (process.env.CLICKHOUSE_CLUSTER?.trim()) return (await import('./migrate-cluster')).migrateCluster(log)
  if (storeMode() === 'server') {
    const admin = makeClient()
    try {
      await admin.command({ query: `CREATE DATABASE IF NOT EXISTS ${quoteIdent(serverDatabase())}` })
    } finally {
      await admin.close()
    }
  }
  const ch = getClickHouse()
  const files = fs
    .readdirSync(/*turbopackIgnore: true*/ migrationsDir())
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort()
  const applied: string[] = []
  for (const file of files) {
    for (const stmt of splitStatements(fs.readFileSync(path.join(/*turbopackIgnore: true*/ migrationsDir(), file), 'utf8'))) {
      await ch.command({ query: stmt })
    }
    const version = Number(file.slice(0, 4))
    await ch.insert({ table: 'schema_migrations', values: [{ version, name: file }], format: 'JSONEachRow' })
    applied.push(file)
  }
  log(`clickhouse: ${applied.length} migration(s) applied (${storeMode()})`)
  return applied
}

function quoteIdent(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`invalid database name: ${name}`)
  return name
}
