/**
 * The Dockerfile and .dockerignore, checked without a Docker engine, and the worker image's
 * bundles built for real (deploy/bundle.mjs) into an empty directory — no node_modules
 * anywhere above it — and run there, as they run in the image.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const ROOT = path.resolve(__dirname, '..', '..')
const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8')

type Stage = { name: string; from: string; lines: string[] }
function stages(): Stage[] {
  const out: Stage[] = []
  // join continuation lines; drop comments
  const logical = dockerfile
    .split('\n')
    .filter((l) => !/^\s*#/.test(l))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
  for (const l of logical) {
    const m = l.match(/^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i)
    if (m) out.push({ name: m[2] ?? '', from: m[1], lines: [] })
    else out.at(-1)?.lines.push(l)
  }
  return out
}
const byName = (n: string) => stages().find((s) => s.name === n)!

describe('Dockerfile', () => {
  it('is multi-stage: deps → build → app / worker / migrate', () => {
    expect(stages().map((s) => s.name)).toEqual(['base', 'deps', 'build', 'app', 'worker', 'migrate'])
    expect(byName('deps').from).toBe('base')
    expect(byName('build').from).toBe('deps')
    expect(byName('migrate').from).toBe('worker')
    // runtime stages start from a clean official Node image, not from the build stages
    for (const s of ['base', 'app', 'worker']) expect(byName(s).from, s).toMatch(/^node:\$\{NODE_VERSION\}-bookworm-slim$/)
    expect(dockerfile).toMatch(/^ARG NODE_VERSION=\d+$/m)
  })

  it('builds the standalone server and the bundles, and ships only their output', () => {
    const build = byName('build').lines.join('\n')
    expect(build).toContain('NEXT_OUTPUT=standalone npx next build')
    expect(build).toContain('node deploy/bundle.mjs --outdir /app/dist')
    const deps = byName('deps').lines.join('\n')
    expect(deps).toMatch(/COPY package\.json package-lock\.json \.\//)
    expect(deps).toContain('npm ci')
    for (const s of ['app', 'worker']) {
      const copies = byName(s).lines.filter((l) => l.startsWith('COPY'))
      expect(copies, s).toEqual([`COPY --from=build /out/${s} ./`])
    }
    // next.config.js still switches on NEXT_OUTPUT
    expect(fs.readFileSync(path.join(ROOT, 'next.config.js'), 'utf8')).toMatch(/NEXT_OUTPUT === 'standalone' \? 'standalone'/)
  })

  it('ships playwright-core whole and Chromium for PDF exports (the file tracer misses browsers.json)', () => {
    expect(byName('build').lines.join('\n')).toContain('cp -a /app/node_modules/playwright-core /out/app/node_modules/')
    expect(byName('app').lines.join('\n')).toMatch(/ARG PDF_EXPORT=1[\s\S]*apt-get install -y --no-install-recommends chromium fonts-/)
    // lib/export/pdf.ts looks for Debian's chromium there by default
    expect(fs.readFileSync(path.join(ROOT, 'lib', 'export', 'pdf.ts'), 'utf8')).toContain("'/usr/bin/chromium'")
  })

  it('leaves the embedded engine (chdb) out of the runtime images', () => {
    const build = byName('build').lines.join('\n')
    expect(build).toMatch(/rm -rf [^&]*\/out\/app\/node_modules\/chdb\b/)
    expect(build).toMatch(/rm -rf [^&]*\/out\/app\/node_modules\/@chdb\b/)
    expect(build).toContain("find /out -name 'libchdb*'") // fails the build if it slipped through
  })

  it('runs as a non-root user in every runtime image', () => {
    for (const s of ['app', 'worker']) {
      const users = byName(s).lines.filter((l) => l.startsWith('USER'))
      expect(users, s).toEqual(['USER node'])
      // USER comes after every RUN (the RUNs need root), before CMD
      const lines = byName(s).lines
      expect(lines.findIndex((l) => l.startsWith('USER')), s).toBeGreaterThan(Math.max(-1, ...lines.map((l, i) => (l.startsWith('RUN') ? i : -1))))
    }
    expect(byName('migrate').lines.some((l) => /^USER\s+(root|0)\b/.test(l))).toBe(false)
    // the app's code is not writable by the app
    expect(byName('app').lines.join('\n')).not.toContain('--chown')
  })

  it('has commands for app, worker and migrate, and a healthcheck for the app', () => {
    expect(byName('app').lines).toContain('CMD ["node", "server.js"]')
    expect(byName('worker').lines).toContain('CMD ["node", "worker.mjs"]')
    expect(byName('migrate').lines).toContain('CMD ["node", "migrate.mjs"]')
    expect(byName('app').lines.find((l) => l.startsWith('HEALTHCHECK'))).toContain('/api/health')
    expect(byName('app').lines.join('\n')).toMatch(/HOSTNAME=0\.0\.0\.0/) // Next standalone binds HOSTNAME
  })

  it('contains no secrets', () => {
    for (const l of stages().flatMap((s) => s.lines)) {
      if (!/^(ENV|ARG|LABEL)\b/.test(l)) continue
      expect(l).not.toMatch(/(PASSWORD|SECRET|TOKEN|API_KEY|PRIVATE_KEY)\s*=/i)
    }
    expect(dockerfile).not.toMatch(/BEGIN [A-Z ]*PRIVATE KEY/)
    expect(dockerfile).not.toMatch(/--mount=type=secret/) // nothing needs one
  })
})

describe('.dockerignore', () => {
  const rules = fs
    .readFileSync(path.join(ROOT, '.dockerignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))

  it('keeps secrets, local state and build output out of the build context', () => {
    for (const r of ['.env', '.env.*', 'node_modules', '.next', 'data', '.cache', '.git']) expect(rules, r).toContain(r)
    expect(rules).toContain('!.env.example')
  })

  it('keeps everything the build and the images need', () => {
    for (const needed of ['package.json', 'package-lock.json', 'clickhouse', 'config', 'scenarios', 'deploy', 'ingest', 'lib', 'app', 'messages', 'scripts', 'next.config.js', 'tsconfig.json'])
      expect(rules.some((r) => r.replace(/^\/|\/$/g, '') === needed), needed).toBe(false)
  })
})

describe('worker image bundles (deploy/bundle.mjs)', () => {
  let dir = ''
  const node = (args: string[], env: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, args, { cwd: dir, env: { NODE_ENV: 'test', PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 60_000 })
    return { status: r.status, out: `${r.stdout}${r.stderr}` }
  }

  beforeAll(async () => {
    // the image's /app: bundles + clickhouse/ config/ scenarios/, and no node_modules above it
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-worker-image-'))
    expect(fs.existsSync(path.join(path.dirname(dir), 'node_modules'))).toBe(false)
    const { bundle } = (await import(path.join(ROOT, 'deploy', 'bundle.mjs'))) as { bundle: (out: string) => Promise<{ file: string }[]> }
    const out = await bundle(dir)
    expect(out.map((o) => path.basename(o.file)).sort()).toEqual(['migrate.mjs', 'simulate.mjs', 'worker-health.mjs', 'worker.mjs'])
    for (const d of ['clickhouse', 'config', 'scenarios']) fs.cpSync(path.join(ROOT, d), path.join(dir, d), { recursive: true })
  }, 120_000)
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true })
  })

  it('are self-contained except for the embedded engine', () => {
    for (const f of ['worker.mjs', 'migrate.mjs', 'worker-health.mjs', 'simulate.mjs']) {
      const src = fs.readFileSync(path.join(dir, f), 'utf8')
      const imports = [...src.matchAll(/^\s*import\s[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1])
      expect(imports.filter((i) => !i.startsWith('node:') && !['fs', 'path', 'os', 'crypto', 'net', 'tls', 'http', 'https', 'zlib', 'events', 'stream', 'util', 'url', 'buffer', 'module', 'child_process', 'dns', 'assert'].includes(i)), f).toEqual([])
      expect(src, f).not.toMatch(/from ['"](kafkajs|@clickhouse\/client|zod|yaml)['"]/)
    }
  })

  it('migrate.mjs prints the single-node and the cluster DDL', () => {
    const single = node(['migrate.mjs', '--print'], { CLICKHOUSE_URL: 'http://127.0.0.1:1', CLICKHOUSE_DATABASE: 'pl' })
    expect(single.status, single.out).toBe(0)
    expect(single.out).toContain('CREATE DATABASE IF NOT EXISTS pl;')
    expect(single.out).toContain('CREATE TABLE IF NOT EXISTS events\n')
    const cluster = node(['migrate.mjs', '--print'], { CLICKHOUSE_URL: 'http://127.0.0.1:1', CLICKHOUSE_DATABASE: 'pl', CLICKHOUSE_CLUSTER: 'plateau' })
    expect(cluster.status, cluster.out).toBe(0)
    expect(cluster.out).toContain("CREATE DATABASE IF NOT EXISTS pl ON CLUSTER 'plateau';")
    expect(cluster.out).toContain("CREATE TABLE IF NOT EXISTS pl.events_local ON CLUSTER 'plateau'")
    expect(cluster.out).toContain("ENGINE = Distributed('plateau', 'pl', 'events_local'")
    expect(cluster.out).not.toMatch(/\{cluster\}|\{database\}/)
  })

  it('migrate.mjs waits for the server, then fails clearly; without a server it explains server mode', () => {
    const r = node(['migrate.mjs', '--wait', '1'], { CLICKHOUSE_URL: 'http://127.0.0.1:1' })
    expect(r.status).toBe(1)
    expect(r.out).toContain('[migrate] failed: connect ECONNREFUSED')
    const e = node(['migrate.mjs'], { PLATEAU_DATA_DIR: path.join(dir, 'data') })
    expect(e.status).toBe(1)
    expect(e.out).toContain('the container images run in server mode only')
  })

  it('worker.mjs refuses to start without Kafka; worker-health.mjs reports an unreachable broker', () => {
    const w = node(['worker.mjs'], { CLICKHOUSE_URL: 'http://127.0.0.1:1' })
    expect(w.status).toBe(2)
    expect(w.out).toContain('KAFKA_BROKERS is not set')
    const h = node(['worker-health.mjs'], { KAFKA_BROKERS: '127.0.0.1:1' })
    expect(h.status).toBe(2)
    expect(h.out).toContain('kafka unreachable')
  })

  it('simulate.mjs finds its scenario in the working directory', () => {
    const r = node(['simulate.mjs', '--from', '2026-09-07T09:00:00Z', '--to', '2026-09-07T09:10:00Z', '--out', 'stdout', '--quiet'])
    expect(r.status, r.out.slice(0, 500)).toBe(0)
    const events = r.out.split('\n').filter((l) => l.startsWith('{'))
    expect(events.length).toBeGreaterThan(10)
    expect(JSON.parse(events[0])).toHaveProperty('event_id')
  })
})
