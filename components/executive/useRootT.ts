import { useTranslations } from 'next-intl'
import type { Translate } from '@/lib/executive/labels'

/**
 * The root translator as the loosely-typed `Translate` the shared label helpers take.
 * Works in Server Components (next-intl's server hook) and Client Components alike.
 */
export function useRootT(): Translate {
  const t = useTranslations()
  const f = ((key: string, values?: Record<string, string | number>) => t(key as never, values as never)) as Translate
  f.has = (key: string) => t.has(key as never)
  return f
}
