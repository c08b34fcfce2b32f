/**
 * Embedded reads on their own connections, with values bound in the text (lib/bindParams.ts):
 * every value comes back exactly as sent, none can change the statement, a value not of its
 * placeholder's type is refused, and a read does not wait for another read to end.
 */
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { HOSTILE_VALUES } from '../helpers/auth-fuzz'
import { freshStore } from '../helpers/store'

let queryRows: typeof import('@/lib/clickhouse').queryRows

beforeAll(async () => {
  await freshStore()
  ;({ queryRows } = await import('@/lib/clickhouse'))
})

// A lone surrogate half has no UTF-8 form, whatever the binding: it is sent as U+FFFD.
const wellFormed = (s: string) => !/\p{Cs}/u.test(s)
const NASTY = [...HOSTILE_VALUES.filter(wellFormed), 'back\\slash', "x\\' OR 1=1 --", 'line\nbreak\r\ttab', 'nul\0byte', '{p0:String}', 'Liège — 東京 😀']

describe('read connections (embedded)', () => {
  it('give back every string and array exactly as sent', async () => {
    for (const s of NASTY) {
      const [r] = await queryRows<{ s: string; n: string }>('SELECT {s:String} AS s, toString(length({s:String})) AS n', { s })
      expect(r).toEqual({ s, n: String(Buffer.byteLength(s)) })
    }
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 300 }).filter(wellFormed), async (s) => {
        const [r] = await queryRows<{ s: string }>('SELECT {s:String} AS s', { s })
        expect(r!.s).toBe(s)
      }),
      { numRuns: 300 },
    )
    const [r] = await queryRows<{ a: string[]; i: number[] }>('SELECT {a:Array(String)} AS a, {i:Array(Int32)} AS i', { a: NASTY, i: [1, -2, 3] })
    expect(r).toEqual({ a: NASTY, i: [1, -2, 3] })
  })

  it('never let a value change the statement', async () => {
    for (const c of NASTY) {
      const [r] = await queryRows<{ n: string }>("SELECT toString(count()) AS n FROM system.one WHERE 'c1' = {c:String}", { c })
      expect(r!.n).toBe('0')
    }
    await expect(queryRows('SELECT count() FROM events')).resolves.toHaveLength(1) // the table is still there
  })

  it('refuse a value that is not of its placeholder type, as the engine does for parameters', async () => {
    await expect(queryRows('SELECT {n:Int64} AS n', { n: 'abc' })).rejects.toThrow()
    await expect(queryRows("SELECT {t:DateTime64(3, 'UTC')} AS t", { t: 'not a date' })).rejects.toThrow()
    const [r] = await queryRows<{ t: string }>("SELECT toString({t:DateTime64(3, 'UTC')}) AS t", { t: '2026-12-07 10:00:00.250' })
    expect(r!.t).toBe('2026-12-07 10:00:00.250')
  })

  it('run side by side: a short read ends while a long one (both with values) is still running', async () => {
    const order: string[] = []
    const long = queryRows('SELECT sleep({s:Float64}) AS z', { s: 2 }).then(() => order.push('long'))
    await new Promise((r) => setTimeout(r, 200)) // the long read has started
    const short = queryRows('SELECT toString({x:Int64}) AS x', { x: 7 }).then((rows) => order.push(`short ${JSON.stringify(rows)}`))
    await Promise.all([long, short])
    // On one connection (PLATEAU_READ_CONNECTIONS=0) the short read would wait: long, then short.
    expect(order).toEqual(['short [{"x":"7"}]', 'long'])
  })
})
