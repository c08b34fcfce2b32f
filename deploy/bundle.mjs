#!/usr/bin/env node
/**
 * Bundles the Node entry points that run outside Next.js into self-contained ES modules
 * (no node_modules needed at run time), for the `worker` image target (see Dockerfile):
 *
 *   worker.mjs         ingest/worker.ts          Kafka → ClickHouse consumer-group member
 *   migrate.mjs        scripts/migrate.ts        one-shot schema migration
 *   worker-health.mjs  deploy/worker-health.ts   container healthcheck: is this worker in the group?
 *   demo.mjs           deploy/demo-producer.ts   demo traffic into Kafka (compose profile `demo`)
 *   simulate.mjs       ingest/simulator/cli.ts   the simulator CLI, when present
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
const i = process.argv.indexOf('--outdir')
const outdir = path.resolve(i >= 0 ? process.argv[i + 1] : path.join(root, 'dist'))

export const ENTRIES = {
  worker: 'ingest/worker.ts',
  migrate: 'scripts/migrate.ts',
  'worker-health': 'deploy/worker-health.ts',
  demo: 'deploy/demo-producer.ts',
  simulate: 'ingest/simulator/cli.ts',
}

const entryPoints = Object.fromEntries(Object.entries(ENTRIES).filter(([, src]) => fs.existsSync(path.join(root, src))))

/** Modules that must never end up in a bundle that runs outside Next.js. */
const forbidden = {
  name: 'forbidden-imports',
  setup(b) {
    b.onResolve({ filter: /^(server-only|next|next\/.*|react|react-dom)$/ }, (args) => ({
      errors: [{ text: `${args.path} imported from ${path.relative(root, args.importer)}: modules used by the worker/scripts must not depend on Next.js (docs/architecture.md)` }],
    }))
  },
}

const result = await build({
  absWorkingDir: root,
  entryPoints,
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

for (const [file, out] of Object.entries(result.metafile.outputs)) {
  if (file.endsWith('.mjs')) console.log(`${path.relative(root, path.resolve(root, file))}  ${(out.bytes / 1024).toFixed(0)} KiB`)
}
