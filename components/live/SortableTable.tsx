'use client'
/**
 * A small sortable table: click (or Enter/Space on) a header to sort, again to reverse.
 * aria-sort tells assistive technology the order; nulls always sort last.
 */
import { useTranslations } from 'next-intl'
import type { ReactNode } from 'react'

export type Column<R> = {
  id: string
  header: string
  /** Value used for sorting (numbers compare numerically, strings with localeCompare). */
  sortValue: (r: R) => number | string | null
  cell: (r: R) => ReactNode
  align?: 'left' | 'right'
  className?: string
}

export type Sort = { id: string; dir: 'asc' | 'desc' }

export function parseSort(s: string | null | undefined, fallback: Sort): Sort {
  if (!s) return fallback
  const [id, dir] = s.split(':')
  return id ? { id, dir: dir === 'asc' ? 'asc' : 'desc' } : fallback
}
export const sortParam = (s: Sort) => `${s.id}:${s.dir}`

export function sortRows<R>(rows: readonly R[], columns: readonly Column<R>[], sort: Sort, locale: string): R[] {
  const col = columns.find((c) => c.id === sort.id) ?? columns[0]
  if (!col) return [...rows]
  const sign = sort.dir === 'asc' ? 1 : -1
  return [...rows].sort((a, b) => {
    const x = col.sortValue(a)
    const y = col.sortValue(b)
    if (x === null && y === null) return 0
    if (x === null) return 1
    if (y === null) return -1
    if (typeof x === 'number' && typeof y === 'number') return (x - y) * sign
    return String(x).localeCompare(String(y), locale, { numeric: true }) * sign
  })
}

export function SortableTable<R>({
  caption,
  columns,
  rows,
  rowKey,
  sort,
  onSort,
  locale,
  empty,
  testId,
  maxHeightClass,
}: {
  caption: string
  columns: readonly Column<R>[]
  rows: readonly R[]
  rowKey: (r: R) => string
  sort: Sort
  onSort: (s: Sort) => void
  locale: string
  empty: string
  testId?: string
  /** Scroll inside the table past this height (header stays visible). */
  maxHeightClass?: string
}) {
  const tc = useTranslations('common')
  const sorted = sortRows(rows, columns, sort, locale)
  return (
    <div className={`overflow-auto rounded-lg border border-slate-200 bg-white shadow-sm ${maxHeightClass ?? ''}`}>
      <table className="w-full border-collapse text-sm" data-testid={testId}>
        <caption className="px-3 py-2 text-left text-base font-semibold text-ink">{caption}</caption>
        <thead className="sticky top-0 z-10 bg-slate-50 text-xs text-slate-600">
          <tr>
            {columns.map((c) => {
              const active = sort.id === c.id
              const next: Sort = { id: c.id, dir: active && sort.dir === 'desc' ? 'asc' : 'desc' }
              return (
                <th
                  key={c.id}
                  scope="col"
                  aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
                  className={`border-b border-slate-200 px-3 py-2 font-medium ${c.align === 'right' ? 'text-right' : 'text-left'}`}
                >
                  <button
                    type="button"
                    onClick={() => onSort(next)}
                    className="inline-flex items-center gap-1 hover:text-ink focus-visible:outline-2 focus-visible:outline-sky-600"
                    title={next.dir === 'asc' ? tc('sortAscending') : tc('sortDescending')}
                    data-sort-column={c.id}
                  >
                    {c.header}
                    <span aria-hidden className={active ? 'text-ink' : 'text-slate-300'}>
                      {active ? (sort.dir === 'asc' ? '▲' : '▼') : '↕'}
                    </span>
                  </button>
                </th>
              )
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="px-3 py-4 text-center text-slate-500">
                {empty}
              </td>
            </tr>
          ) : (
            sorted.map((r) => (
              <tr key={rowKey(r)} className="border-b border-slate-100 last:border-0 hover:bg-slate-50">
                {columns.map((c) => (
                  <td key={c.id} className={`px-3 py-1.5 tabular-nums ${c.align === 'right' ? 'text-right' : 'text-left'} ${c.className ?? ''}`}>
                    {c.cell(r)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  )
}
