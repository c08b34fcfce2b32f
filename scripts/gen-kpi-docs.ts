/** Writes docs/kpis.md from lib/kpi/definitions.ts: `npx tsx scripts/gen-kpi-docs.ts`. */
import fs from 'node:fs'
import path from 'node:path'
import { renderKpiDocs } from '../lib/kpi/docs'

const file = path.join(process.cwd(), 'docs', 'kpis.md')
fs.writeFileSync(file, renderKpiDocs())
console.log(`wrote ${file}`)
