#!/usr/bin/env node
/**
 * Bundles the Node entry points that run outside Next.js into self-contained ES modules
 * (no node_modules needed at run time), for the `worker` image target (see Dockerfile):
 *
 *   worker.mjs         ingest/worker.ts          Kafka → ClickHouse consumer-group member
 *   migrate.mjs        scripts/migrate.ts        one-shot schema migration
 *   worker-health.mjs  deploy/worker-health.ts   container healthchecks (group membership, topic data)
 *   simulate.mjs       simulator/cli.ts   the simulator CLI (compose profile `demo`: live
 *                                                demo traffic into Kafka); reads scenarios/ from cwd
 *
 * chdb (the embedded engine, a ~540 MB native library) is left external: the bundles only ever
 * run in server mode (CLICKHOUSE_URL set), where lib/clickhouse.ts never loads it.
 *
 * usage: node deploy/bundle.mjs [--outdir dist]
 */
import { build } from 'esbuild'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/** Output name → entry point (relative to the repository root). */
export const ENTRIES = {
  worker: 'ingest/worker.ts',
  migrate: 'scripts/migrate.ts',
  'worker-health': 'deploy/worker-health.ts',
  simulate: 'simulator/cli.ts',
}

/** Modules that must never end up in a bundle that runs outside Next.js. */
const forbidden = {
  name: 'forbidden-imports',
  setup(b) {
    b.onResolve({ filter: /^(server-only|next|next\/.*|react|react-dom)$/ }, (args) => ({
      errors: [{ text: `${args.path} imported from ${path.relative(root, args.importer)}: modules used by the worker/scripts must not depend on Next.js (docs/architecture.md)` }],
    }))
  },
}

export async function bundle(outdir) {
  const missing = Object.values(ENTRIES).filter((src) => !fs.existsSync(path.join(root, src)))
  if (missing.length) throw new Error(`bundle entry point(s) missing: ${missing.join(', ')}`)
  const result = await build({
    absWorkingDir: root,
    entryPoints: ENTRIES,
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outExtension: { '.js': '.mjs' },
    external: ['chdb', 'chdb/*', '@chdb/*'],
    // CommonJS dependencies (kafkajs, …) call require() for Node built-ins: give ESM a require.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    plugins: [forbidden],
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  })
  return Object.entries(result.metafile.outputs)
    .filter(([file]) => file.endsWith('.mjs'))
    .map(([file, out]) => ({ file: path.resolve(root, file), bytes: out.bytes }))
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--outdir')
  const outdir = path.resolve(i >= 0 ? process.argv[i + 1] : path.join(root, 'dist'))
  for (const o of await bundle(outdir)) console.log(`${path.relative(process.cwd(), o.file)}  ${(o.bytes / 1024).toFixed(0)} KiB`)
}
