/**
 * Chart colours: the one place charts take them from. Each is a CSS variable defined in
 * app/globals.css (`--chart-*`), so a theme or a print stylesheet changes them in one place;
 * recharts passes `var(…)` through to the SVG, where the browser resolves it.
 */
export const CHART = {
  grid: 'var(--chart-grid)',
  axisText: 'var(--chart-axis-text)',
  reference: 'var(--chart-reference)',
  answered: 'var(--chart-answered)',
  abandoned: 'var(--chart-abandoned)',
  offered: 'var(--chart-offered)',
  serviceLevel: 'var(--chart-service-level)',
  asa: 'var(--chart-asa)',
  aht: 'var(--chart-aht)',
  staffed: 'var(--chart-staffed)',
  needed: 'var(--chart-needed)',
  point: 'var(--chart-point)',
  alert: 'var(--chart-alert)',
  alertText: 'var(--chart-alert-text)',
} as const

/** Series colours (colour-blind-safe Okabe–Ito order) for charts with one line per center/queue. */
const SERIES_COUNT = 12
export const seriesColor = (i: number) => `var(--chart-series-${(i % SERIES_COUNT) + 1})`
