import { describe, expect, it } from 'vitest'
import { waitClearOfMidnight } from '../e2e/clear-of-midnight'

const min = 60_000
describe('browser-test guard against Paris midnight', () => {
  it('waits until 00:06 Paris from 23:50 Paris on, and not outside that window', () => {
    // December: Paris = UTC+1
    expect(waitClearOfMidnight(Date.parse('2026-12-06T22:49:00Z'))).toBe(0) // 23:49 Paris
    expect(waitClearOfMidnight(Date.parse('2026-12-06T22:50:00Z'))).toBe(16 * min) // 23:50 → 10 + 6 min
    expect(waitClearOfMidnight(Date.parse('2026-12-06T22:55:30Z'))).toBe(10.5 * min) // 23:55:30 → 4.5 + 6 min
    expect(waitClearOfMidnight(Date.parse('2026-12-06T23:02:00Z'))).toBe(4 * min) // 00:02 → 4 min
    expect(waitClearOfMidnight(Date.parse('2026-12-06T23:06:00Z'))).toBe(0) // 00:06
    // July: Paris = UTC+2, the same local window
    expect(waitClearOfMidnight(Date.parse('2026-07-06T21:50:00Z'))).toBe(16 * min)
    expect(waitClearOfMidnight(Date.parse('2026-07-06T23:00:00Z'))).toBe(0) // 01:00 Paris
  })
})
