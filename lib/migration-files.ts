/** The migration files on disk (clickhouse/migrations/NNNN_name.sql) and their statements: shared by single-server and cluster migration. */
import path from 'node:path'

export function migrationsDir(): string {
  return process.env.PLATEAU_MIGRATIONS_DIR || path.join(process.cwd(), 'clickhouse', 'migrations')
}

/** Split a SQL file into statements on `;` at line end, ignoring `--` comment lines. */
export function splitStatements(sql: string): string[] {
  const body = sql
    .split('\n')
    .filter((l) => !l.trim().startsWith('--'))
    .join('\n')
  return body
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter(Boolean)
}
