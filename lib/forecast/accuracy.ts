/**
 * Forecast accuracy of offered contacts, per queue over a set of days × intervals:
 *   WAPE = Σ|forecast − actual| ÷ Σ actual      (weighted absolute percentage error)
 *   bias = Σ(forecast − actual) ÷ Σ actual      (> 0: the forecast ran high)
 * Both null when nothing was offered (no division by zero, no fake 0). Days without a
 * forecast (closed, not enough history) are left out and counted.
 */
import 'server-only'

export type AccuracyPoint = { forecast: number; actual: number }
export type Accuracy = { wape: number | null; bias: number | null; forecast: number; actual: number; points: number }

export function accuracy(points: readonly AccuracyPoint[]): Accuracy {
  let abs = 0
  let signed = 0
  let f = 0
  let a = 0
  for (const p of points) {
    abs += Math.abs(p.forecast - p.actual)
    signed += p.forecast - p.actual
    f += p.forecast
    a += p.actual
  }
  return { wape: a > 0 ? abs / a : null, bias: a > 0 ? signed / a : null, forecast: f, actual: a, points: points.length }
}
