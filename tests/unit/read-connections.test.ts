import { afterEach, describe, expect, it, vi } from 'vitest'
import { readConnections } from '@/lib/clickhouse'

describe('PLATEAU_READ_CONNECTIONS', () => {
  afterEach(() => {
    delete process.env.PLATEAU_READ_CONNECTIONS
    vi.restoreAllMocks()
  })

  it('defaults to 3 and takes any whole number from 0 to 16', () => {
    expect(readConnections()).toBe(3)
    for (const [raw, n] of [['0', 0], ['1', 1], ['16', 16], [' ', 3]] as const) {
      process.env.PLATEAU_READ_CONNECTIONS = raw
      expect(readConnections()).toBe(n)
    }
  })

  it('falls back to 3 with a warning for anything else', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    for (const raw of ['-1', '17', '2.5', 'many', 'NaN']) {
      process.env.PLATEAU_READ_CONNECTIONS = raw
      expect(readConnections()).toBe(3)
    }
    expect(warn).toHaveBeenCalledTimes(5)
    expect(warn.mock.calls[0]![0]).toContain('PLATEAU_READ_CONNECTIONS=-1')
  })
})
