/**
 * Scale-out ClickHouse: the single-node schema on a ClickHouse cluster (shards × replicas,
 * ClickHouse Keeper), selected by CLICKHOUSE_CLUSTER=<cluster name in remote_servers>.
 *
 * Every single-node table X becomes
 *   - X_local: Replicated*MergeTree, created ON CLUSTER on every node (one copy per replica), and
 *   - X: a Distributed table over X_local with the SAME name the queries use, so every query
 *     (lib/queries, health, exports) runs unchanged.
 * Materialized views are attached to the local tables on each node (an insert into the
 * Distributed `events` lands in one shard's `events_local`, whose MVs fill that shard's
 * `contacts_local` / `agent_state_events_local`). Plain views read the Distributed tables.
 *
 * Sharding keys keep one contact (and one agent) on one shard: see SHARDING_KEYS and
 * docs/scaling.md. clickhouse/cluster/migrations/NNNN_*.sql are GENERATED from
 * clickhouse/migrations by scripts/cluster-ddl.ts with `toClusterSql` below; they are templates
 * with two placeholders filled in when applied (`renderCluster`): {cluster} and {database}.
 * {shard} and {replica} are server macros (deploy/clickhouse/cluster/config.d/macros.xml).
 *
 * Module also used by the ingest worker and scripts: no 'server-only'.
 */
import fs from 'node:fs'
import path from 'node:path'
import { getClickHouse, makeClient, serverDatabase, storeMode } from './clickhouse'
import { migrationsDir, splitStatements } from './migration-files'

/**
 * Distributed sharding key per table. It must put every row of one contact on one shard, and
 * the key of a materialized view's source row must equal the key of the row it produces:
 * events of a contact → cityHash64(center_id, contact_id) = the contacts key;
 * agent.state events → cityHash64(center_id, agent_id) = the agent_state_events key.
 * Versioned tables (ReplacingMergeTree read with FINAL) need every version of a row on one
 * shard: FINAL collapses within a shard only. rand() is only for tables never deduplicated.
 * A new table without an entry here makes the generator fail: decide its key explicitly.
 */
export const SHARDING_KEYS: Record<string, string> = {
  // 0001
  events: "cityHash64(center_id, if(type = 'agent.state', agent_id, contact_id))",
  contacts: 'cityHash64(center_id, contact_id)',
  agent_state_events: 'cityHash64(center_id, agent_id)',
  dead_letters: 'rand()',
  schema_migrations: 'cityHash64(version)',
  // 0002: all rows (and versions) of one contact on its shard, so FINAL / tombstones collapse them
  contact_touches: 'cityHash64(center_id, contact_id)',
  contact_facts: 'cityHash64(center_id, contact_id)',
  // one row per refresher name, versioned: every version must reach the same shard
  contact_facts_state: 'cityHash64(name)',
  // 0003
  demo_history_days: 'cityHash64(run)',
  // 0004: never deduplicated
  alert_events: 'cityHash64(rule_id, subject)',
  alert_deliveries: 'rand()',
  // 0005: one schedule's rows on one shard, so the 'already sent?' check reads one shard's data
  report_deliveries: 'cityHash64(schedule_id)',
  // 0007: one row per center, versioned: every version on one shard
  connector_status: 'cityHash64(center_id)',
  // 0008: an agent's touches and every version of its slot rows on the agent_state_events shard
  agent_touches: 'cityHash64(center_id, agent_id)',
  agent_slots: 'cityHash64(center_id, agent_id)',
  agent_slots_state: 'cityHash64(name)',
  // 0011: every claim of one occurrence on one shard, so all schedulers read the same claims
  report_claims: 'cityHash64(schedule_id)',
}

export const LOCAL_SUFFIX = '_local'

/** Cluster name from CLICKHOUSE_CLUSTER (unset or blank → single-node migrations). */
export function clusterName(): string | undefined {
  const c = process.env.CLICKHOUSE_CLUSTER?.trim()
  return c ? c : undefined
}

const CLUSTER_NAME = /^[A-Za-z0-9_.-]+$/

/** The cluster name, checked, for SQL text (ON CLUSTER, clusterAllReplicas); undefined: one store. */
export function sqlClusterName(): string | undefined {
  const c = clusterName()
  if (c !== undefined && !CLUSTER_NAME.test(c)) throw new Error(`invalid cluster name: ${c}`)
  return c
}

/** clickhouse/cluster/migrations, next to the single-node migrations directory. */
export function clusterMigrationsDir(): string {
  return path.join(/*turbopackIgnore: true*/ path.dirname(migrationsDir()), 'cluster', 'migrations')
}

/** What the generator knows about the schema so far (tables and views, in migration order). */
export type SchemaState = { tables: Set<string>; views: Set<string> }
export const emptySchema = (): SchemaState => ({ tables: new Set(), views: new Set() })

const IDENT = '([A-Za-z_][A-Za-z0-9_]*)'
const DB = '{database}'
const ON_CLUSTER = "ON CLUSTER '{cluster}'"

/** Translate one single-node statement into its cluster statement(s). Updates `state`. */
export function toClusterStatements(stmt: string, state: SchemaState): string[] {
  const s = stmt.trim()
  let m: RegExpMatchArray | null

  // CREATE TABLE IF NOT EXISTS name ( columns ) ENGINE = XMergeTree[(args)] rest
  if ((m = s.match(new RegExp(`^CREATE TABLE IF NOT EXISTS ${IDENT}\\s*\\(([\\s\\S]*)\\)\\s*ENGINE\\s*=\\s*(\\w*MergeTree)(?:\\s*\\(([^()]*)\\))?([\\s\\S]*)$`)))) {
    const [, name, columns, engine, engineArgs, rest] = m
    if (name.endsWith(LOCAL_SUFFIX)) throw new Error(`cluster-ddl: table name ${name} ends with ${LOCAL_SUFFIX} (reserved for local tables)`)
    const key = SHARDING_KEYS[name]
    if (!key) throw new Error(`cluster-ddl: no sharding key for table ${name}: add it to SHARDING_KEYS in lib/migrate-cluster.ts`)
    const local = name + LOCAL_SUFFIX
    const args = [`'/clickhouse/tables/{shard}/${DB}/${local}'`, `'{replica}'`, ...(engineArgs?.trim() ? [engineArgs.trim()] : [])]
    state.tables.add(name)
    return [
      `CREATE TABLE IF NOT EXISTS ${DB}.${local} ${ON_CLUSTER}\n(${columns})\nENGINE = Replicated${engine}(${args.join(', ')})${rest.trim() ? '\n' + rest.trim() : ''}`,
      `CREATE TABLE IF NOT EXISTS ${DB}.${name} ${ON_CLUSTER} AS ${DB}.${local}\nENGINE = Distributed('{cluster}', '${DB}', '${local}', ${key})`,
    ]
  }
  if (/^CREATE TABLE/i.test(s)) throw new Error(`cluster-ddl: unsupported CREATE TABLE form (expected IF NOT EXISTS name (...) ENGINE = *MergeTree): ${firstLine(s)}`)

  // CREATE MATERIALIZED VIEW IF NOT EXISTS name TO target AS SELECT ... FROM source ...
  if ((m = s.match(new RegExp(`^CREATE MATERIALIZED VIEW IF NOT EXISTS ${IDENT}\\s+TO\\s+${IDENT}\\s+AS\\s+([\\s\\S]*)$`)))) {
    const [, name, target, select] = m
    if (!state.tables.has(target)) throw new Error(`cluster-ddl: materialized view ${name} writes to unknown table ${target}`)
    if (/\bJOIN\b/i.test(select)) throw new Error(`cluster-ddl: materialized view ${name} has a JOIN: decide how it maps to local tables`)
    // The MV runs on each node for inserts into the LOCAL source table, writing the LOCAL target.
    const body = qualify(select, state, (t) => (state.tables.has(t) ? `${DB}.${t}${LOCAL_SUFFIX}` : `${DB}.${t}`))
    state.views.add(name)
    return [`CREATE MATERIALIZED VIEW IF NOT EXISTS ${DB}.${name} ${ON_CLUSTER} TO ${DB}.${target}${LOCAL_SUFFIX} AS\n${body}`]
  }
  if (/^CREATE MATERIALIZED VIEW/i.test(s)) throw new Error(`cluster-ddl: unsupported materialized view form (expected IF NOT EXISTS name TO target AS SELECT): ${firstLine(s)}`)

  // CREATE [OR REPLACE] VIEW [IF NOT EXISTS] name AS SELECT ... (reads the Distributed tables)
  if ((m = s.match(new RegExp(`^CREATE (OR REPLACE )?VIEW (IF NOT EXISTS )?${IDENT}\\s+AS\\s+([\\s\\S]*)$`)))) {
    const [, orReplace = '', ifNotExists = '', name, select] = m
    state.views.add(name)
    return [`CREATE ${orReplace}VIEW ${ifNotExists}${DB}.${name} ${ON_CLUSTER} AS\n${qualify(select, state, (t) => `${DB}.${t}`)}`]
  }

  // ALTER TABLE name ...: column changes go to the local table AND the Distributed table (its
  // columns must follow); anything else (TTL, settings, MATERIALIZE, ...) to the local table only.
  if ((m = s.match(new RegExp(`^ALTER TABLE ${IDENT}\\s+([\\s\\S]*)$`)))) {
    const [, name, ops] = m
    if (!state.tables.has(name)) throw new Error(`cluster-ddl: ALTER TABLE on ${name}, which is not a table of the schema (views: drop and re-create)`)
    const local = `ALTER TABLE ${DB}.${name}${LOCAL_SUFFIX} ${ON_CLUSTER} ${ops}`
    const columnOnly = ops.split(/,(?![^()]*\))/).every((op) => /^\s*(ADD|DROP|MODIFY|RENAME|COMMENT)\s+COLUMN\b/i.test(op))
    if (columnOnly) return [local, `ALTER TABLE ${DB}.${name} ${ON_CLUSTER} ${ops}`]
    if (/\b(ADD|DROP|MODIFY|RENAME|COMMENT)\s+COLUMN\b/i.test(ops))
      throw new Error(`cluster-ddl: ALTER TABLE ${name} mixes column and other changes: split it into two statements`)
    return [local]
  }

  // DROP TABLE / VIEW IF EXISTS name
  if ((m = s.match(new RegExp(`^DROP (TABLE|VIEW) IF EXISTS ${IDENT}\\s*$`)))) {
    const [, kind, name] = m
    if (kind.toUpperCase() === 'TABLE' && state.tables.has(name)) {
      state.tables.delete(name)
      return [`DROP TABLE IF EXISTS ${DB}.${name} ${ON_CLUSTER} SYNC`, `DROP TABLE IF EXISTS ${DB}.${name}${LOCAL_SUFFIX} ${ON_CLUSTER} SYNC`]
    }
    state.views.delete(name)
    return [`DROP ${kind.toUpperCase()} IF EXISTS ${DB}.${name} ${ON_CLUSTER} SYNC`]
  }

  throw new Error(`cluster-ddl: don't know how to translate this statement for a cluster; teach lib/migrate-cluster.ts: ${firstLine(s)}`)
}

/** Database-qualify (and map) table names after FROM / JOIN, for tables and views of the schema. */
function qualify(select: string, state: SchemaState, map: (t: string) => string): string {
  return select.replace(/\b(FROM|JOIN)(\s+)([A-Za-z_][A-Za-z0-9_]*)\b/gi, (all, kw: string, ws: string, t: string) =>
    state.tables.has(t) || state.views.has(t) ? `${kw}${ws}${map(t)}` : all,
  )
}

function firstLine(s: string): string {
  return s.split('\n')[0].slice(0, 120)
}

/** The generated cluster migration file for one single-node migration file. */
export function toClusterSql(fileName: string, sql: string, state: SchemaState): string {
  const out = splitStatements(sql).flatMap((st) => toClusterStatements(st, state))
  return (
    `-- GENERATED by scripts/cluster-ddl.ts from clickhouse/migrations/${fileName}: do not edit.\n` +
    `-- Cluster version of the schema: Replicated*MergeTree *_local tables ON CLUSTER + Distributed\n` +
    `-- tables with the single-node names. {cluster} and {database} are filled in when applied\n` +
    `-- (CLICKHOUSE_CLUSTER, CLICKHOUSE_DATABASE); {shard} and {replica} are server macros.\n\n` +
    out.map((st) => st + ';\n').join('\n')
  )
}

/** Every generated file for a directory of single-node migrations: { '0001_init.sql': sql, ... }. */
export function generateClusterMigrations(singleNodeDir: string): Record<string, string> {
  const state = emptySchema()
  const out: Record<string, string> = {}
  for (const f of migrationFiles(singleNodeDir))
    out[f] = toClusterSql(f, fs.readFileSync(path.join(/*turbopackIgnore: true*/ singleNodeDir, f), 'utf8'), state)
  return out
}

export function migrationFiles(dir: string): string[] {
  return fs
    .readdirSync(/*turbopackIgnore: true*/ dir)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort()
}

/** Fill in {cluster} and {database}. Names are validated: they end up inside SQL text. */
export function renderCluster(sql: string, opts: { cluster: string; database: string }): string {
  if (!CLUSTER_NAME.test(opts.cluster)) throw new Error(`invalid cluster name: ${opts.cluster}`)
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(opts.database)) throw new Error(`invalid database name: ${opts.database}`)
  return sql.replaceAll('{cluster}', opts.cluster).replaceAll('{database}', opts.database)
}

/** The statements a cluster migration run executes, in order (also `scripts/migrate.ts --print`). */
export function clusterPlan(opts: { cluster: string; database: string }): { file: string; statements: string[] }[] {
  const dir = clusterMigrationsDir()
  const single = migrationFiles(migrationsDir())
  const generated = fs.existsSync(/*turbopackIgnore: true*/ dir) ? migrationFiles(dir) : []
  const missing = single.filter((f) => !generated.includes(f))
  if (missing.length)
    throw new Error(`cluster migrations missing for ${missing.join(', ')}: run \`npx tsx scripts/cluster-ddl.ts\` and ship clickhouse/cluster/`)
  return generated.map((file) => ({
    file,
    statements: splitStatements(renderCluster(fs.readFileSync(path.join(/*turbopackIgnore: true*/ dir, file), 'utf8'), opts)),
  }))
}

/**
 * Apply the cluster migrations through any node of the cluster (CLICKHOUSE_URL): the database
 * and every table ON CLUSTER, in order. Idempotent like the single-node migrations.
 */
export async function migrateCluster(log: (m: string) => void = () => {}): Promise<string[]> {
  const cluster = clusterName()
  if (!cluster) throw new Error('migrateCluster: CLICKHOUSE_CLUSTER is not set')
  if (storeMode() !== 'server') throw new Error('CLICKHOUSE_CLUSTER needs CLICKHOUSE_URL (any node of the cluster); the embedded store is single-node')
  const database = serverDatabase()
  const plan = clusterPlan({ cluster, database })
  const admin = makeClient()
  try {
    await admin.command({ query: renderCluster(`CREATE DATABASE IF NOT EXISTS {database} ON CLUSTER '{cluster}'`, { cluster, database }) })
  } finally {
    await admin.close()
  }
  const ch = getClickHouse()
  const applied: string[] = []
  for (const { file, statements } of plan) {
    for (const query of statements) await ch.command({ query })
    await ch.insert({ table: 'schema_migrations', values: [{ version: Number(file.slice(0, 4)), name: file }], format: 'JSONEachRow' })
    applied.push(file)
  }
  log(`clickhouse: ${applied.length} migration(s) applied (cluster ${cluster}, database ${database})`)
  return applied
}
