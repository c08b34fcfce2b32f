/**
 * The page loads a report in parts (summary first, then each section as it is computed):
 * merge a part into what is already there. Client-safe.
 */
import type { MonthlyReport, ReportSection } from './types'

export function mergeReport(base: MonthlyReport, part: MonthlyReport | undefined | null): MonthlyReport {
  if (!part) return base
  const out: MonthlyReport = { ...base, breakdowns: { ...base.breakdowns }, sections: [...new Set([...base.sections, ...part.sections])] }
  const has = (s: ReportSection) => part.sections.includes(s)
  if (has('summary')) out.summary = part.summary
  if (has('reporting_line')) out.reportingLines = part.reportingLines
  if (has('cost')) out.cost = part.cost
  if (has('centers')) out.centers = part.centers
  if (has('daily')) out.daily = part.daily
  for (const b of ['queue', 'channel', 'direction', 'agent'] as const) if (has(b)) out.breakdowns[b] = part.breakdowns[b]
  if (has('interval')) out.interval = part.interval
  if (has('forecast')) out.forecast = part.forecast
  if (has('compliance')) out.compliance = part.compliance
  if (has('quality')) out.quality = part.quality
  if (has('definitions')) out.definitions = part.definitions
  return out
}

/** Sections the page renders on the server (the rest is fetched by the browser). */
export const FIRST_SECTIONS: ReportSection[] = ['summary', 'quality', 'definitions']
/** Fetched by the browser as soon as the page is up, one request each (computed in parallel). */
export const EAGER_GROUPS: ReportSection[][] = [['cost', 'centers'], ['reporting_line'], ['daily'], ['forecast'], ['compliance']]
