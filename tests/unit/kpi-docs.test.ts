import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { renderKpiDocs } from '@/lib/kpi/docs'
import { KPI_DEFINITIONS, KPI_KEYS, kpiDefinition } from '@/lib/kpi/definitions'
import { PRESETS } from '@/lib/kpi/presets'

describe('KPI definitions', () => {
  it('docs/kpis.md is generated from the definitions (run `npx tsx scripts/gen-kpi-docs.ts`)', () => {
    const doc = fs.readFileSync(path.join(__dirname, '../../docs/kpis.md'), 'utf8')
    expect(doc).toBe(renderKpiDocs())
  })

  it('every KPI is declared once with both languages and every preset names real KPIs', () => {
    expect(new Set(KPI_KEYS).size).toBe(KPI_KEYS.length)
    for (const d of KPI_DEFINITIONS) {
      expect(d.label.en && d.label.fr && d.formula.en && d.formula.fr, d.key).toBeTruthy()
      expect(kpiDefinition(d.key)).toBe(d)
    }
    for (const keys of Object.values(PRESETS)) for (const k of keys) expect(KPI_KEYS).toContain(k)
  })
})
