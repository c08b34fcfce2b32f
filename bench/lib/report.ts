/**
 * Records a `bench:ingest` run in BENCHMARKS.md: one "#### <date>" block appended at the end of
 * the "## Ingest" section (created if missing); other sections of the file are left alone.
 */
import fs from 'node:fs'
import type { Machine } from './machine'

export type IngestResult = {
  date: string
  machine: Machine
  command: string
  events: number
  partitions: number
  avgBytes: number
  produceRate: number
  kcatRate: number
  kcatSeconds: number
  worker: { sustained: number; sustainedSeconds: number; startupSeconds: number; totalSeconds: number; cpuSeconds: number; peakRssMiB: number; verified: boolean }
  freshness: { rate: number; requests: number; missing: number; p50: number; p95: number; p99: number; max: number; pollAvgMs: number }
  freshRate: number
  freshSeconds: number
  stages: { n: number; parse: number; zod: number; parseEvent: number; eventLine: number; serialise: number; insert: number }
  load: { min: number; max: number; avg: number }
}

const SECTION = '## Ingest'

export function appendIngestSection(file: string, r: IngestResult, summary: string): void {
  const m = r.machine
  const block = [
    `#### ${r.date.slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `- machine: ${m.nproc} CPU (${m.cpu}), ${m.ramGiB} GiB RAM, ${m.os}, Node ${m.node}, ${m.kcat}`,
    `- command: \`${r.command}\` — ${r.events.toLocaleString('en-US')} events (avg ${r.avgBytes.toFixed(0)} bytes) on ${r.partitions} partitions, ` +
      `freshness at ${r.freshRate.toLocaleString('en-US')} events/s for ${r.freshSeconds} s`,
    '',
    summary.trim(),
  ].join('\n')
  appendToSection(file, SECTION, block)
}

/** Append `block` at the end of `section` ("## Name") of a Markdown file, creating it if missing; the rest is left alone. */
export function appendToSection(file: string, section: string, block: string): void {
  let text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n'
  if (!text.includes(`\n${section}\n`)) text = `${text.trimEnd()}\n\n${section}\n\n`
  const start = text.indexOf(`\n${section}\n`) + 1
  const next = text.indexOf('\n## ', start + section.length)
  const end = next === -1 ? text.length : next + 1
  const body = text.slice(start, end).trimEnd()
  text = `${text.slice(0, start)}${body}\n\n${block.trim()}\n${next === -1 ? '' : '\n'}${text.slice(end).replace(/^\n+/, '')}`
  fs.writeFileSync(file, text)
}
