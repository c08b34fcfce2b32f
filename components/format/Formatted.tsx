/**
 * Small formatting components for Server and Client Components alike. Each takes an optional
 * `locale` (pass the board's locale from server code under a LocaleScope, where the request
 * locale would otherwise apply); otherwise the current locale is used.
 * They render a <span class="tabular-nums"> (or <time>) with the formatted text.
 */
import { useLocale } from 'next-intl'
import type { AppLocale } from '@/lib/i18n/config'
import {
  formatCurrency,
  formatDate,
  formatDateTime,
  formatDuration,
  formatKpiValue,
  formatNumber,
  formatPercent,
  toDate,
  type CurrencyOptions,
  type DateInput,
  type KpiUnit,
  type NumericInput,
  type PercentOptions,
  type TimeOptions,
} from '@/lib/i18n/format'

interface Base {
  locale?: AppLocale
  className?: string
}

function useLoc(locale?: AppLocale): AppLocale {
  const current = useLocale()
  return locale ?? current
}

function Num({ text, className }: { text: string; className?: string }) {
  return <span className={className ? `tabular-nums ${className}` : 'tabular-nums'}>{text}</span>
}

export function FormattedNumber({ value, options, locale, className }: Base & { value: NumericInput; options?: Intl.NumberFormatOptions }) {
  return <Num className={className} text={formatNumber(value, useLoc(locale), options)} />
}

/** `value` is a fraction (0.125 → 12,5 %). */
export function FormattedPercent({ value, options, locale, className }: Base & { value: NumericInput; options?: PercentOptions }) {
  return <Num className={className} text={formatPercent(value, useLoc(locale), options)} />
}

export function FormattedCurrency({
  value,
  currency,
  options,
  locale,
  className,
}: Base & { value: NumericInput; currency?: string; options?: CurrencyOptions }) {
  return <Num className={className} text={formatCurrency(value, useLoc(locale), currency, options)} />
}

/** Seconds as m:ss / h:mm:ss (locale-independent). */
export function FormattedDuration({ seconds, className }: { seconds: NumericInput; className?: string }) {
  return <Num className={className} text={formatDuration(seconds)} />
}

export function FormattedDate({ value, timeZone, locale, className }: Base & { value: DateInput; timeZone?: string }) {
  const loc = useLoc(locale)
  const d = toDate(value)
  return (
    <time className={className} dateTime={d?.toISOString()}>
      {formatDate(value, loc, { timeZone })}
    </time>
  )
}

export function FormattedDateTime({ value, timeZone, seconds, locale, className }: Base & { value: DateInput } & TimeOptions) {
  const loc = useLoc(locale)
  const d = toDate(value)
  return (
    <time className={className} dateTime={d?.toISOString()}>
      {formatDateTime(value, loc, { timeZone, seconds })}
    </time>
  )
}

/** A KPI value in its unit (see formatKpiValue). */
export function KpiValue({ value, unit, currency, locale, className }: Base & { value: NumericInput; unit: KpiUnit; currency?: string }) {
  return <Num className={className} text={formatKpiValue(value, unit, useLoc(locale), currency)} />
}
