/**
 * Public holidays per country (France, Belgium), computed — fixed dates plus the Easter-based
 * ones (Easter Monday, Ascension = Easter + 39 days, Whit Monday = Easter + 50 days) — and
 * plain calendar-day arithmetic on ISO dates ('YYYY-MM-DD'), free of time zones.
 *
 * France: Code du travail art. L3133-1 (11 days). Alsace-Moselle's extra days (Good Friday,
 * 26 December) are not included: list them in a center's `closedDates` if it is there.
 * Belgium: the 10 legal public holidays (loi du 4 janvier 1974).
 */
import 'server-only'


export const HOLIDAY_COUNTRIES = ['FR', 'BE'] as const
export type HolidayCountry = (typeof HOLIDAY_COUNTRIES)[number]

export type Holiday = { date: string; name: string }

/** Easter Sunday (Gregorian), anonymous algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19
  const b = Math.floor(year / 100)
  const c = year % 100
  const d = Math.floor(b / 4)
  const e = b % 4
  const f = Math.floor((b + 8) / 25)
  const g = Math.floor((b - f + 1) / 3)
  const h = (19 * a + b - d - g + 15) % 30
  const i = Math.floor(c / 4)
  const k = c % 4
  const l = (32 + 2 * e + 2 * i - h - k) % 7
  const m = Math.floor((a + 11 * h + 22 * l) / 451)
  const month = Math.floor((h + l - 7 * m + 114) / 31)
  const day = ((h + l - 7 * m + 114) % 31) + 1
  return isoDate(year, month, day)
}

export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

function toUtc(date: string): number {
  const [y, m, d] = date.split('-').map(Number)
  return Date.UTC(y, m - 1, d)
}

/** The ISO date `n` calendar days after `date`. */
export function addDays(date: string, n: number): string {
  return new Date(toUtc(date) + n * 86_400_000).toISOString().slice(0, 10)
}

/** Whole calendar days from `a` to `b` (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((toUtc(b) - toUtc(a)) / 86_400_000)
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const d = new Date(toUtc(date)).getUTCDay()
  return d === 0 ? 7 : d
}

const holidayYears = new Map<string, Holiday[]>()

export function publicHolidays(country: HolidayCountry, year: number): readonly Holiday[] {
  const key = `${country}${year}`
  let list = holidayYears.get(key)
  if (!list) {
    if (holidayYears.size >= 1000) holidayYears.clear()
    holidayYears.set(key, (list = computeHolidays(country, year)))
  }
  return list
}

function computeHolidays(country: HolidayCountry, year: number): Holiday[] {
  const easter = easterSunday(year)
  const fixed = (m: number, d: number, name: string): Holiday => ({ date: isoDate(year, m, d), name })
  const easterBased: Holiday[] = [
    { date: addDays(easter, 1), name: 'easter_monday' },
    { date: addDays(easter, 39), name: 'ascension' },
    { date: addDays(easter, 50), name: 'whit_monday' },
  ]
  const common = [fixed(1, 1, 'new_year'), fixed(5, 1, 'labour_day'), fixed(8, 15, 'assumption'), fixed(11, 1, 'all_saints'), fixed(11, 11, 'armistice'), fixed(12, 25, 'christmas')]
  const national = country === 'FR' ? [fixed(5, 8, 'victory_1945'), fixed(7, 14, 'bastille_day')] : [fixed(7, 21, 'national_day')]
  return [...common, ...national, ...easterBased].sort((x, y) => x.date.localeCompare(y.date))
}

/** The holiday on `date` in `country`, or null. */
export function holidayOn(country: HolidayCountry, date: string): Holiday | null {
  return publicHolidays(country, Number(date.slice(0, 4))).find((h) => h.date === date) ?? null
}

/** Country of a center: its configured one, else guessed from its time zone, else null (no holidays). */
export function centerCountry(configured: string | undefined, timezone: string): HolidayCountry | null {
  if (configured && (HOLIDAY_COUNTRIES as readonly string[]).includes(configured)) return configured as HolidayCountry
  if (configured) return null
  if (timezone === 'Europe/Paris') return 'FR'
  if (timezone === 'Europe/Brussels') return 'BE'
  return null
}
