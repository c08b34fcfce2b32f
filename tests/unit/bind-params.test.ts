import { describe, expect, it } from 'vitest'
import { bindParams, sqlLiteral } from '@/lib/bindParams'

describe('bindParams', () => {
  it('turns each placeholder into a CAST of its value to its type', () => {
    expect(bindParams("SELECT {a:String}, {n:Int64}, {t:DateTime64(3, 'UTC')}", { a: 'x', n: 42, t: '2026-12-07 10:00:00.000' })).toBe(
      "SELECT CAST('x' AS String), CAST('42' AS Int64), CAST('2026-12-07 10:00:00.000' AS DateTime64(3, 'UTC'))",
    )
  })

  it('binds arrays element by element and nested arrays as nested literals', () => {
    expect(bindParams('{c:Array(String)} {i:Array(Int64)} {m:Array(Array(Int64))} {e:Array(String)}', { c: ['a', 'b'], i: [1, -2], m: [[1], []], e: [] })).toBe(
      "CAST(['a', 'b'] AS Array(String)) CAST(['1', '-2'] AS Array(Int64)) CAST([['1'], []] AS Array(Array(Int64))) CAST([] AS Array(String))",
    )
  })

  it('escapes every character that could end a literal early', () => {
    expect(sqlLiteral("it's")).toBe("'it\\'s'")
    expect(sqlLiteral('a\\')).toBe("'a\\\\'")
    // A backslash before the quote: escaping only the quote would leave \\' (an escaped backslash, then the end of the literal).
    expect(sqlLiteral("x\\' OR 1=1 --")).toBe("'x\\\\\\' OR 1=1 --'")
    expect(sqlLiteral('l1\nl2\r\t\0\b\f')).toBe("'l1\\nl2\\r\\t\\0\\b\\f'")
    expect(sqlLiteral('Liège — 東京 😀')).toBe("'Liège — 東京 😀'")
  })

  it('writes numbers, bigints, booleans, dates and nulls as the engine reads them', () => {
    expect(sqlLiteral(1.5)).toBe("'1.5'")
    expect(sqlLiteral(12345678901234567890n)).toBe("'12345678901234567890'")
    expect(sqlLiteral(true)).toBe('true')
    expect(sqlLiteral(null)).toBe('NULL')
    expect(sqlLiteral(new Date('2026-12-07T10:00:00.250Z'))).toBe("'2026-12-07 10:00:00.250'")
  })

  it('refuses values that have no literal', () => {
    expect(() => sqlLiteral(Number.NaN)).toThrow(/finite/)
    expect(() => sqlLiteral(Infinity)).toThrow(/finite/)
    expect(() => sqlLiteral({ a: 1 })).toThrow(/unsupported/)
    expect(() => sqlLiteral(new Date('nope'))).toThrow(/invalid date/)
  })

  it('leaves placeholders without a value, and text that only looks like one', () => {
    expect(bindParams('SELECT {missing:String}, {a:String}', { a: 'v' })).toBe("SELECT {missing:String}, CAST('v' AS String)")
    expect(bindParams("SELECT '{not a placeholder}'", {})).toBe("SELECT '{not a placeholder}'")
  })

  it("leaves placeholder-shaped text inside string literals, quoted identifiers and comments, as the engine's lexer does", () => {
    const p = { a: 'v' }
    expect(bindParams("SELECT '{a:String}' AS x, {a:String} AS y -- {a:String}\n", p)).toBe("SELECT '{a:String}' AS x, CAST('v' AS String) AS y -- {a:String}\n")
    expect(bindParams("SELECT 'it''s {a:String}', 'q\\' {a:String}', {a:String}", p)).toBe("SELECT 'it''s {a:String}', 'q\\' {a:String}', CAST('v' AS String)")
    expect(bindParams('SELECT 1 AS "{a:String}", 2 AS `{a:String}` /* {a:String} */, {a:String}', p)).toBe(
      "SELECT 1 AS \"{a:String}\", 2 AS `{a:String}` /* {a:String} */, CAST('v' AS String)",
    )
  })

  it('does not read a value planted in a string as a placeholder', () => {
    // The first value contains text shaped like the second placeholder: it stays text.
    expect(bindParams('{a:String} {b:String}', { a: '{b:String}', b: 'z' })).toBe("CAST('{b:String}' AS String) CAST('z' AS String)")
  })
})
