import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

// clickhouse/schema.sql is the current schema for readers: every migration, in order.
describe('clickhouse/schema.sql', () => {
  it('is the concatenation of the numbered migrations', () => {
    const dir = path.resolve(__dirname, '../../clickhouse/migrations')
    const files = fs.readdirSync(dir).filter((f) => /^\d{4}_.+\.sql$/.test(f)).sort()
    const expected = files.map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n')
    expect(fs.readFileSync(path.resolve(__dirname, '../../clickhouse/schema.sql'), 'utf8')).toBe(expected)
  })
})
