/**
 * Writes the `kpi` message catalogues messages/{en,fr}/kpi.json from lib/kpi/definitions.ts,
 * the one place a KPI's label, short label and formula are written:
 *
 *   npx tsx scripts/gen-kpi-messages.ts            # rewrite both files
 *   npx tsx scripts/gen-kpi-messages.ts --check    # exit 1 if a file is stale (CI)
 *
 * Each KPI becomes `kpi.<key>.{label,short,formula}`. The keys listed in HAND_WRITTEN_KEYS
 * (tile chrome: `kpi.tile.*`) are not KPI texts: they are kept from the current file as they
 * are, and edited by hand there. Any other key (a KPI the engine no longer has) is dropped.
 * tests/unit/kpi-messages.test.ts fails when the files on disk differ from this output.
 */
import fs from 'node:fs'
import path from 'node:path'
import { LOCALES, type AppLocale } from '../lib/i18n/config'
import { KPI_DEFINITIONS, type KpiDefinition } from '../lib/kpi/definitions'

/** Top-level keys of kpi.json that are hand-written UI strings, not KPI definitions. */
export const HAND_WRITTEN_KEYS = ['tile'] as const

export const KPI_MESSAGE_FIELDS = ['label', 'short', 'formula'] as const

export function kpiMessagesFile(locale: AppLocale, root = process.cwd()): string {
  return path.join(root, 'messages', locale, 'kpi.json')
}

/** Visible escapes for the spaces French typography needs (as the other catalogues write them). */
function json(v: unknown, indent?: number): string {
  return JSON.stringify(v, null, indent).replace(/\u00a0/g, '\\u00a0').replace(/\u202f/g, '\\u202f')
}

/**
 * The kpi.json text for `locale`: one line per KPI in definition order, then the hand-written
 * keys taken from `current` (the parsed file on disk).
 */
export function renderKpiMessages(
  locale: AppLocale,
  current: unknown,
  defs: readonly Pick<KpiDefinition, 'key' | 'label' | 'short' | 'formula'>[] = KPI_DEFINITIONS,
): string {
  const cur = (current && typeof current === 'object' && !Array.isArray(current) ? current : {}) as Record<string, unknown>
  const lines: string[] = []
  for (const d of defs) {
    if ((HAND_WRITTEN_KEYS as readonly string[]).includes(d.key)) throw new Error(`KPI key "${d.key}" collides with a hand-written kpi.json key`)
    const entry: Record<string, string> = {}
    for (const f of KPI_MESSAGE_FIELDS) {
      const text = d[f][locale]
      if (typeof text !== 'string' || text.trim() === '') throw new Error(`${d.key}.${f}.${locale} is empty in lib/kpi/definitions.ts`)
      // The catalogues are ICU messages: a brace would be read as an argument.
      if (/[{}]/.test(text)) throw new Error(`${d.key}.${f}.${locale}: no { or } in KPI texts (ICU syntax): ${JSON.stringify(text)}`)
      entry[f] = text
    }
    lines.push(`  ${json(d.key)}: { ${KPI_MESSAGE_FIELDS.map((f) => `${json(f)}: ${json(entry[f])}`).join(', ')} }`)
  }
  for (const k of HAND_WRITTEN_KEYS) {
    if (!(k in cur)) throw new Error(`messages/${locale}/kpi.json has no "${k}": hand-written keys are kept from the file, restore it first`)
    lines.push(`  ${json(k)}: ${json(cur[k], 2).replace(/\n/g, '\n  ')}`)
  }
  return `{\n${lines.join(',\n')}\n}\n`
}

function readJson(file: string): unknown {
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {}
}

/** Returns the files that differ from the definitions (and rewrites them unless `check`). */
export function generateKpiMessages(opts: { root?: string; check?: boolean } = {}): string[] {
  const stale: string[] = []
  for (const locale of LOCALES) {
    const file = kpiMessagesFile(locale, opts.root)
    const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : ''
    const after = renderKpiMessages(locale, readJson(file))
    if (before === after) continue
    stale.push(file)
    if (!opts.check) fs.writeFileSync(file, after)
  }
  return stale
}

if (/gen-kpi-messages\.[cm]?[jt]s$/.test(process.argv[1] ?? '')) {
  const check = process.argv.includes('--check')
  const stale = generateKpiMessages({ check })
  if (check && stale.length) {
    console.error(`stale (run npx tsx scripts/gen-kpi-messages.ts):\n  ${stale.join('\n  ')}`)
    process.exit(1)
  }
  console.log(stale.length ? `${check ? 'stale' : 'wrote'} ${stale.join(', ')}` : 'kpi.json files are up to date')
}
