/**
 * One-shot schema migration (the `migrate` service of docker-compose.yml; `npx tsx scripts/migrate.ts`
 * from a checkout; `node migrate.mjs` in the image, bundled by deploy/bundle.mjs).
 *
 *   CLICKHOUSE_URL unset        → embedded chdb at PLATEAU_DATA_DIR (single node)
 *   CLICKHOUSE_URL set          → that server, database CLICKHOUSE_DATABASE (created if missing)
 *   + CLICKHOUSE_CLUSTER=<name> → the cluster schema ON CLUSTER (lib/migrate-cluster.ts)
 *
 * Waits for the server to answer (up to --wait seconds, default 60) before migrating, then exits
 * 0 once every migration is applied, 1 on error. `--print` prints the statements that would run
 * for the current environment and touches nothing.
 */
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { closeClickHouse, makeClient, serverDatabase, storeMode } from '../lib/clickhouse'
import { migrate } from '../lib/migrate'
import { migrationsDir, splitStatements } from '../lib/migration-files'
import { clusterName, clusterPlan, migrateCluster } from '../lib/migrate-cluster'

const log = (m: string) => console.log(`[migrate] ${m}`)

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}

/** The statements a run would execute, without connecting to anything. */
export function plannedStatements(): string[] {
  const cluster = clusterName()
  if (cluster) {
    const database = serverDatabase()
    return [
      `CREATE DATABASE IF NOT EXISTS ${database} ON CLUSTER '${cluster}'`,
      ...clusterPlan({ cluster, database }).flatMap((f) => f.statements),
    ]
  }
  const dir = migrationsDir()
  const files = fs.readdirSync(dir).filter((f) => /^\d{4}_.+\.sql$/.test(f)).sort()
  return [
    ...(storeMode() === 'server' ? [`CREATE DATABASE IF NOT EXISTS ${serverDatabase()}`] : []),
    ...files.flatMap((f) => splitStatements(fs.readFileSync(path.join(dir, f), 'utf8'))),
  ]
}

/** Server mode: wait until the server answers /ping (compose starts us once it is healthy, but a restart may race). */
async function waitForServer(seconds: number): Promise<void> {
  const deadline = Date.now() + seconds * 1000
  for (let attempt = 1; ; attempt++) {
    const c = makeClient()
    try {
      const r = await c.ping()
      if (r.success) return
      if (Date.now() > deadline) throw r.error
      log(`waiting for ClickHouse (${r.error.message})`)
    } finally {
      await c.close()
    }
    await new Promise((r) => setTimeout(r, Math.min(5000, 500 * attempt)))
  }
}

async function main() {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    console.log('usage: migrate [--print] [--wait SECONDS]   (environment: CLICKHOUSE_URL, CLICKHOUSE_DATABASE, CLICKHOUSE_CLUSTER, PLATEAU_DATA_DIR)')
    return
  }
  if (process.argv.includes('--print')) {
    for (const s of plannedStatements()) console.log(s + ';\n')
    return
  }
  const cluster = clusterName()
  if (storeMode() === 'embedded') {
    try {
      createRequire(import.meta.url).resolve('chdb/connection')
    } catch {
      throw new Error('CLICKHOUSE_URL is not set and the embedded engine (chdb) is not installed here: the container images run in server mode only')
    }
  }
  if (storeMode() === 'server') {
    await waitForServer(Number(arg('--wait') ?? 60))
    log(`server ${new URL(process.env.CLICKHOUSE_URL!).host}, database ${serverDatabase()}${cluster ? `, cluster ${cluster}` : ''}`)
  }
  // lib/migrate.ts applies the cluster DDL itself once it has the CLICKHOUSE_CLUSTER hook;
  // calling migrateCluster here keeps this entry point right either way.
  if (cluster) await migrateCluster(log)
  else await migrate(log)
  await closeClickHouse()
}

if (process.argv[1] && /migrate(\.ts|\.mjs|\.js)?$/.test(process.argv[1]))
  main().then(
    () => process.exit(0),
    (e) => {
      console.error('[migrate] failed:', e instanceof Error ? e.message : e)
      process.exit(1)
    },
  )
