/**
 * docker-compose.yml, checked without a Docker engine: services, official images, health
 * checks, start order, volumes, and the environment-variable rule:
 *
 *   Every variable the code reads (process.env.X in app/ lib/ ingest/ simulator/ scripts/ components/ i18n/
 *   deploy/ and the root entry files, minus the runtime-provided and test-only ones below) has a
 *   row in docs/deployment.md's "Application variables" table. A variable that compose does not
 *   set for the containers running our code must have a default there (it is optional: the
 *   containers get `.env` through env_file, so it can still be set). Every ${VAR} compose
 *   interpolates is documented in one of the two tables of docs/deployment.md.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'

const ROOT = path.resolve(__dirname, '..', '..')
const read = (p: string) => fs.readFileSync(path.join(ROOT, p), 'utf8')

type Healthcheck = { test: string[] | string; interval?: string; timeout?: string; retries?: number; start_period?: string }
type DependsOn = Record<string, { condition: string }>
type Service = {
  image?: string
  build?: { context: string; target?: string }
  command?: string[]
  environment?: Record<string, string | number | boolean | null>
  env_file?: { path: string; required?: boolean }[]
  depends_on?: DependsOn
  healthcheck?: Healthcheck
  restart?: string
  volumes?: string[]
  ports?: string[]
  profiles?: string[]
  deploy?: { replicas?: string | number }
  container_name?: string
}
type Compose = { name?: string; services: Record<string, Service>; volumes?: Record<string, unknown> }

const composeText = read('docker-compose.yml')
const compose = parse(composeText, { merge: true }) as Compose
const services = compose.services

/** Services running this repository's code (built from the Dockerfile). */
const OUR_SERVICES = Object.keys(services).filter((s) => services[s].build)
const ONE_SHOT = Object.keys(services).filter((s) => services[s].restart === 'no')
const LONG_RUNNING = Object.keys(services).filter((s) => !ONE_SHOT.includes(s))

/** ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?err}: the variable name and its default. */
function interpolation(v: unknown): { name: string; def?: string } | null {
  const m = String(v).match(/^\$\{([A-Z_][A-Z0-9_]*)(?::?-(.*)|:?\?.*)?\}$/)
  return m ? { name: m[1], def: m[2] } : null
}
/** The YAML without its comments (compose does not interpolate comments). */
const withoutComments = (text: string) => text.split('\n').filter((l) => !l.trim().startsWith('#')).join('\n')
function allInterpolated(text: string): Set<string> {
  return new Set([...withoutComments(text).matchAll(/\$\{([A-Z_][A-Z0-9_]*)/g)].map((m) => m[1]))
}

// ------------------------------------------------------------------ env vars read by the code
const SCAN_DIRS = ['app', 'server', 'lib', 'ingest', 'simulator', 'scripts', 'components', 'i18n', 'deploy']
const SCAN_ROOT_FILES = ['instrumentation.ts', 'proxy.ts', 'middleware.ts', 'next.config.js']
/** Set by Node.js / Next.js themselves, or test hooks that must never be configured. */
const NOT_CONFIGURATION: Record<string, string> = {
  NODE_ENV: 'set by Next.js and the images',
  NEXT_RUNTIME: 'set by Next.js',
  __NEXT_PRIVATE_ORIGIN: 'set by Next.js',
  PLATEAU_E2E: 'test-only (browser tests)',
}
/** Helpers that read process.env[name] for a literal name passed to them. */
const ENV_HELPERS: Record<string, RegExp> = { 'lib/auth/config.ts': /\bnum\(\s*['"]([A-Z][A-Z0-9_]*)['"]/g }
/** Reads of a variable the operator names in a configuration file (`secret: env:NAME`): not a fixed name to document. */
const OPERATOR_NAMED: Record<string, string> = { 'lib/notify/webhook.ts': 'secret.slice(4)', 'lib/config/load.ts': 'name' }

function sourceFiles(): string[] {
  const out: string[] = []
  const walk = (rel: string) => {
    const abs = path.join(ROOT, rel)
    if (!fs.existsSync(abs)) return
    if (fs.statSync(abs).isDirectory()) {
      for (const e of fs.readdirSync(abs)) if (e !== 'node_modules') walk(path.join(rel, e))
    } else if (/\.(ts|tsx|js|mjs|cjs)$/.test(rel) && !/\.test\.tsx?$/.test(rel)) out.push(rel)
  }
  for (const d of SCAN_DIRS) walk(d)
  for (const f of SCAN_ROOT_FILES) if (fs.existsSync(path.join(ROOT, f))) out.push(f)
  return out
}

function envVarsReadByCode(): { vars: Map<string, string[]>; problems: string[] } {
  const vars = new Map<string, string[]>()
  const problems: string[] = []
  const add = (v: string, f: string) => vars.set(v, [...(vars.get(v) ?? []), f])
  const helperFiles = Object.keys(ENV_HELPERS)
  for (const f of sourceFiles()) {
    const src = fs.readFileSync(path.join(ROOT, f), 'utf8')
    for (const m of src.matchAll(/process\.env\??\.([A-Za-z_][A-Za-z0-9_]*)/g)) add(m[1], f)
    for (const m of src.matchAll(/process\.env\??\.?\[\s*(['"`])([A-Za-z_][A-Za-z0-9_]*)\1\s*\]/g)) add(m[2], f)
    for (const m of src.matchAll(/process\.env\??\.?\[\s*([^'"`\s\]][^\]]*)\]/g))
      if (!helperFiles.includes(f) && OPERATOR_NAMED[f] !== m[1].trim()) problems.push(`${f}: dynamic process.env[${m[1]}] — teach tests/unit/compose.test.ts (ENV_HELPERS) which names it reads`)
    if (/(=|\(|,)\s*process\.env\s*(;|\)|,|$)/m.test(src) || /\{[^}]*\}\s*=\s*process\.env\b/.test(src))
      problems.push(`${f}: process.env passed around or destructured — the scanner cannot see which variables are read`)
    for (const re of Object.values(ENV_HELPERS)) for (const m of src.matchAll(re)) add(m[1], f)
  }
  return { vars, problems }
}

// ------------------------------------------------------------------ docs/deployment.md tables
type DocRow = { names: string[]; def: string }
function docTable(heading: string): Map<string, DocRow> {
  const md = read('docs/deployment.md')
  const start = md.indexOf(`### ${heading}`)
  expect(start, `docs/deployment.md has a "### ${heading}" section`).toBeGreaterThanOrEqual(0)
  const section = md.slice(start).split(/\n#{2,3} /)[0]
  const rows = new Map<string, DocRow>()
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((c) => c.trim())
    if (cells.length < 4 || !cells[1].startsWith('`')) continue
    const names = [...cells[1].matchAll(/`([A-Z_][A-Z0-9_]*)`/g)].map((m) => m[1])
    for (const n of names) rows.set(n, { names, def: cells[2] })
  }
  return rows
}
const hasDefault = (r: DocRow) => r.def !== '' && r.def !== '—' && !/^required/i.test(r.def)

// =================================================================================== tests
describe('docker-compose.yml', () => {
  it('has the services of the product, with the official Kafka and ClickHouse images', () => {
    for (const s of ['kafka', 'kafka-init', 'clickhouse', 'migrate', 'ingest', 'app', 'demo']) expect(services, s).toHaveProperty(s)
    // official images, pinned by a default tag (overridable)
    expect(services.kafka.image).toMatch(/^apache\/kafka:\$\{KAFKA_VERSION:-4\.\d+\.\d+\}$/)
    expect(services['kafka-init'].image).toBe(services.kafka.image)
    expect(services.clickhouse.image).toMatch(/^clickhouse\/clickhouse-server:\$\{CLICKHOUSE_VERSION:-\d+\.\d+\}$/)
    // our images come from the Dockerfile's targets
    const targets = [...read('Dockerfile').matchAll(/^FROM\s+\S+\s+AS\s+(\S+)/gim)].map((m) => m[1])
    expect(services.app.build).toMatchObject({ context: '.', target: 'app' })
    for (const s of ['migrate', 'ingest', 'demo']) expect(services[s].build, s).toEqual({ context: '.', target: 'worker' })
    for (const s of OUR_SERVICES) expect(targets, `${s} target`).toContain(services[s].build!.target)
    // one image name per build target, so the worker image is built once for three services
    expect(new Set(['migrate', 'ingest', 'demo'].map((s) => services[s].image)).size).toBe(1)
    expect(services.demo.profiles).toEqual(['demo'])
  })

  it('runs the bundles the Dockerfile builds', async () => {
    const { ENTRIES } = (await import(path.join(ROOT, 'deploy', 'bundle.mjs'))) as { ENTRIES: Record<string, string> }
    const bundles = Object.keys(ENTRIES).map((n) => `${n}.mjs`)
    for (const s of ['migrate', 'ingest', 'demo']) {
      const [bin, file] = services[s].command!
      expect(bin, s).toBe('node')
      expect(bundles, s).toContain(file)
    }
    expect(services.migrate.command).toEqual(['node', 'migrate.mjs'])
    expect(services.ingest.command).toEqual(['node', 'worker.mjs'])
    for (const s of ['ingest', 'demo']) expect(bundles).toContain((services[s].healthcheck!.test as string[])[2])
  })

  it('has a healthcheck on every long-running service, and one-shot services that exit', () => {
    expect(ONE_SHOT.sort()).toEqual(['kafka-init', 'migrate'])
    expect(LONG_RUNNING.sort()).toEqual(['app', 'clickhouse', 'demo', 'ingest', 'kafka'])
    for (const s of LONG_RUNNING) {
      const h = services[s].healthcheck
      expect(h, `${s} healthcheck`).toBeDefined()
      expect(Array.isArray(h!.test) && ['CMD', 'CMD-SHELL'].includes(h!.test[0]), `${s} healthcheck test`).toBe(true)
      for (const k of ['interval', 'timeout', 'start_period'] as const) expect(h![k], `${s} ${k}`).toMatch(/^\d+s$/)
      expect(h!.retries, `${s} retries`).toBeGreaterThan(0)
      expect(services[s].restart, `${s} restart`).toBe('unless-stopped')
    }
    expect((services.app.healthcheck!.test as string[]).join(' ')).toContain('/api/health')
    expect((services.clickhouse.healthcheck!.test as string[]).join(' ')).toContain(':8123/ping')
    expect((services.kafka.healthcheck!.test as string[]).join(' ')).toMatch(/kafka-broker-api-versions\.sh --bootstrap-server localhost:19092/)
  })

  it('starts in order: brokers healthy, topic and schema ready, then workers and app', () => {
    const dep = (s: string) => services[s].depends_on ?? {}
    expect(dep('kafka-init')).toEqual({ kafka: { condition: 'service_healthy' } })
    expect(dep('migrate')).toEqual({ clickhouse: { condition: 'service_healthy' } })
    for (const s of ['ingest', 'app']) {
      expect(dep(s), s).toMatchObject({
        migrate: { condition: 'service_completed_successfully' },
        'kafka-init': { condition: 'service_completed_successfully' },
        kafka: { condition: 'service_healthy' },
        clickhouse: { condition: 'service_healthy' },
      })
    }
    // every condition is satisfiable: service_healthy → has a healthcheck; completed → one-shot
    for (const [s, svc] of Object.entries(services))
      for (const [d, { condition }] of Object.entries(svc.depends_on ?? {})) {
        expect(services, `${s} → ${d}`).toHaveProperty(d)
        if (condition === 'service_healthy') expect(services[d].healthcheck, `${s} → ${d}`).toBeDefined()
        else expect(condition, `${s} → ${d}`).toBe('service_completed_successfully')
        if (condition === 'service_completed_successfully') expect(ONE_SHOT, `${s} → ${d}`).toContain(d)
      }
  })

  it('keeps state in named volumes, declared at the top level', () => {
    const declared = Object.keys(compose.volumes ?? {})
    const named: Record<string, string> = {}
    for (const [s, svc] of Object.entries(services))
      for (const v of svc.volumes ?? []) {
        const [src, dst] = v.split(':')
        if (src.startsWith('.') || src.startsWith('/')) {
          expect(fs.existsSync(path.join(ROOT, src)), `${s}: bind mount ${src} exists`).toBe(true)
          expect(v, `${s}: bind mounts are read-only`).toMatch(/:ro$/)
        } else {
          expect(declared, `${s}: volume ${src}`).toContain(src)
          named[`${s} ${dst}`] = src
        }
      }
    expect(named).toMatchObject({
      'kafka /var/lib/kafka/data': 'kafka-data',
      'clickhouse /var/lib/clickhouse': 'clickhouse-data',
      'clickhouse /backups': 'clickhouse-backups',
      'app /app/data': 'app-data',
    })
    expect(services.kafka.environment!.KAFKA_LOG_DIRS).toBe('/var/lib/kafka/data')
    expect(services.app.environment!.PLATEAU_DATA_DIR).toBe('/app/data')
  })

  it('scales the ingest workers as one consumer group', () => {
    const ingest = services.ingest
    expect(ingest.deploy?.replicas).toBe('${INGEST_REPLICAS:-2}')
    expect(ingest.container_name).toBeUndefined() // replicas need generated names
    expect(ingest.ports).toBeUndefined()
    expect(ingest.environment!.KAFKA_GROUP).toBe('${KAFKA_GROUP:-plateau-ingest}')
    // partitions ≥ default workers, so every default worker gets partitions
    const parts = Number(interpolation(services['kafka-init'].environment!.PARTITIONS)!.def)
    expect(parts).toBeGreaterThanOrEqual(Number(interpolation(ingest.deploy!.replicas)!.def))
    expect(services.kafka.environment!.KAFKA_NUM_PARTITIONS).toBe(services['kafka-init'].environment!.PARTITIONS)
    // SIGTERM handling: time to finish the batch in flight
    expect(services.ingest).toHaveProperty('stop_grace_period')
  })

  it('wires Kafka (KRaft) and ClickHouse consistently', () => {
    const k = services.kafka.environment!
    expect(String(k.KAFKA_PROCESS_ROLES).split(',').sort()).toEqual(['broker', 'controller'])
    expect(k.KAFKA_CONTROLLER_QUORUM_VOTERS).toBe(`${k.KAFKA_NODE_ID}@kafka:9093`)
    const clusterId = interpolation(k.CLUSTER_ID)!.def!
    expect(Buffer.from(clusterId, 'base64url')).toHaveLength(16) // a KRaft cluster id is a base64 UUID
    // the address the containers use is the INTERNAL listener the broker advertises
    for (const s of ['ingest', 'app', 'demo']) expect(services[s].environment!.KAFKA_BROKERS, s).toBe('kafka:19092')
    expect(String(k.KAFKA_ADVERTISED_LISTENERS)).toContain('INTERNAL://kafka:19092')
    expect(String(k.KAFKA_LISTENERS)).toContain('INTERNAL://:19092')
    expect(services['kafka-init'].environment!.BOOTSTRAP).toBe('kafka:19092')
    expect(services['kafka-init'].environment!.TOPIC).toBe(services.ingest.environment!.KAFKA_TOPIC)
    // ClickHouse: the image creates the user/database the app logs in with
    const ch = services.clickhouse.environment!
    for (const s of ['migrate', 'ingest', 'app']) {
      const e = services[s].environment!
      expect(e.CLICKHOUSE_URL, s).toBe('http://clickhouse:8123')
      expect(e.CLICKHOUSE_USER, s).toBe(ch.CLICKHOUSE_USER)
      expect(e.CLICKHOUSE_PASSWORD, s).toBe(ch.CLICKHOUSE_PASSWORD)
      expect(interpolation(e.CLICKHOUSE_DATABASE)!.def, s).toBe(interpolation(ch.CLICKHOUSE_DB)!.def)
    }
    expect(interpolation(ch.CLICKHOUSE_USER)!.def).not.toBe('default') // the image then drops the passwordless default user
    // the app only produces; the ingest service consumes
    expect(services.app.environment!.PLATEAU_INGEST_INPROCESS).toBe('0')
  })

  it('publishes the infrastructure on the loopback interface only, by default', () => {
    for (const s of ['kafka', 'clickhouse']) for (const p of services[s].ports ?? []) expect(p, s).toMatch(/^"?\$\{[A-Z_]+:-127\.0\.0\.1\}:/)
    for (const s of ['migrate', 'ingest', 'kafka-init', 'demo']) expect(services[s].ports, s).toBeUndefined()
  })

  it('sets or documents every environment variable the code reads', () => {
    const { vars, problems } = envVarsReadByCode()
    expect(problems).toEqual([])
    expect(vars.size).toBeGreaterThan(20) // the scanner found the code
    for (const v of ['CLICKHOUSE_URL', 'KAFKA_BROKERS', 'PLATEAU_DATA_DIR', 'NEXTAUTH_SECRET', 'PLATEAU_BCRYPT_COST']) expect([...vars.keys()]).toContain(v)

    const docs = docTable('Application variables')
    const setByCompose = new Set(OUR_SERVICES.filter((s) => s !== 'demo').flatMap((s) => Object.keys(services[s].environment ?? {})))
    const undocumented: string[] = []
    const unset: string[] = []
    for (const [v, files] of vars) {
      if (v in NOT_CONFIGURATION) continue
      const row = docs.get(v)
      if (!row) undocumented.push(`${v} (read in ${[...new Set(files)].join(', ')})`)
      else if (!setByCompose.has(v) && !hasDefault(row)) unset.push(v)
    }
    expect(undocumented, 'add a row to docs/deployment.md "Application variables"').toEqual([])
    expect(unset, 'required variables must be set by docker-compose.yml').toEqual([])
    // optional variables reach the containers through .env
    for (const s of OUR_SERVICES) expect(services[s].env_file, s).toEqual([{ path: '.env', required: false }])
    // and the docs do not list variables nobody reads any more
    const read = new Set(vars.keys())
    const stale = [...docs.keys()].filter((v) => !read.has(v))
    expect(stale, 'rows in docs/deployment.md for variables the code no longer reads').toEqual([])
  })

  it('passes to our containers only variables the code reads', () => {
    const { vars } = envVarsReadByCode()
    for (const s of OUR_SERVICES) for (const v of Object.keys(services[s].environment ?? {})) expect([...vars.keys()], `${s}: ${v}`).toContain(v)
  })

  it('documents every variable it interpolates', () => {
    const documented = new Set([...docTable('Application variables').keys(), ...docTable('Compose variables').keys()])
    const missing = [...allInterpolated(composeText)].filter((v) => !documented.has(v))
    expect(missing, 'add them to docs/deployment.md "Compose variables"').toEqual([])
    // every interpolation has a default, so `docker compose up` works without a .env file
    const noDefault = [...withoutComments(composeText).matchAll(/\$\{([A-Z_][A-Z0-9_]*)\}/g)].map((m) => m[1])
    expect(noDefault).toEqual([])
  })

  it('does not hard-code secrets', () => {
    for (const [s, svc] of Object.entries(services))
      for (const [k, v] of Object.entries(svc.environment ?? {}))
        if (/PASSWORD|SECRET|API_KEY/.test(k)) expect(interpolation(v), `${s}: ${k} comes from .env`).not.toBeNull()
  })
})

// ------------------------------------------------------------------ deploy/kafka/create-topic.sh
describe('deploy/kafka/create-topic.sh', () => {
  const script = path.join(ROOT, 'deploy', 'kafka', 'create-topic.sh')
  /** A stand-in for kafka-topics.sh: a topic with a partition count kept in a file. */
  function fakeKafkaTopics(dir: string): string {
    const bin = path.join(dir, 'kafka-topics')
    fs.writeFileSync(
      bin,
      `#!/usr/bin/env bash
state="${dir}/partitions"; echo "$*" >> "${dir}/calls"
args=" $* "; n=$(echo "$args" | sed -n 's/.* --partitions \\([0-9]*\\).*/\\1/p')
case "$args" in
  *" --create "*) [ -f "$state" ] || echo "$n" > "$state" ;;
  *" --alter "*) echo "$n" > "$state" ;;
  *" --describe "*) printf 'Topic: t\\tTopicId: x\\tPartitionCount: %s\\tReplicationFactor: 1\\tConfigs: \\n' "$(cat "$state")" ;;
esac`,
      { mode: 0o755 },
    )
    return bin
  }
  function run(dir: string, partitions: string) {
    const r = spawnSync('bash', [script], {
      env: { NODE_ENV: 'test', PATH: process.env.PATH, KAFKA_TOPICS_CMD: fakeKafkaTopics(dir), BOOTSTRAP: 'kafka:19092', TOPIC: 't', PARTITIONS: partitions },
      encoding: 'utf8',
    })
    return { status: r.status, out: r.stdout + r.stderr, partitions: fs.existsSync(path.join(dir, 'partitions')) ? fs.readFileSync(path.join(dir, 'partitions'), 'utf8').trim() : null }
  }

  it('creates the topic, grows it, never shrinks it, and refuses nonsense', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-topic-'))
    try {
      expect(run(dir, '6')).toMatchObject({ status: 0, partitions: '6' })
      expect(fs.readFileSync(path.join(dir, 'calls'), 'utf8')).toContain('--bootstrap-server kafka:19092 --create --if-not-exists --topic t --partitions 6')
      expect(run(dir, '6')).toMatchObject({ status: 0, partitions: '6' }) // idempotent
      expect(fs.readFileSync(path.join(dir, 'calls'), 'utf8')).not.toContain('--alter')
      const grown = run(dir, '12')
      expect(grown).toMatchObject({ status: 0, partitions: '12' })
      expect(grown.out).toContain('6 → 12 partitions')
      const kept = run(dir, '4')
      expect(kept).toMatchObject({ status: 0, partitions: '12' })
      expect(kept.out).toContain('cannot be removed')
      expect(run(dir, 'six').status).toBe(2)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('is valid bash', () => {
    execFileSync('bash', ['-n', script])
  })
})

// ------------------------------------------------------------------ ClickHouse cluster lab
describe('deploy/clickhouse/cluster (cluster lab and server configuration)', () => {
  const base = path.join(ROOT, 'deploy', 'clickhouse', 'cluster')
  const lab = parse(fs.readFileSync(path.join(base, 'docker-compose.yml'), 'utf8'), { merge: true }) as Compose
  const xml = (p: string) => fs.readFileSync(path.join(base, p), 'utf8')
  const cluster = xml('config.d/cluster.xml')
  const keeper = xml('keeper/keeper_config.xml')
  const servers = Object.keys(lab.services).filter((s) => s.startsWith('ch-'))
  const keepers = Object.keys(lab.services).filter((s) => s.startsWith('keeper-'))

  it('runs official images with health checks and named volumes', () => {
    expect(servers).toHaveLength(4)
    expect(keepers).toHaveLength(3)
    for (const s of servers) expect(lab.services[s].image).toMatch(/^clickhouse\/clickhouse-server:\$\{CLICKHOUSE_VERSION:-\d+\.\d+\}$/)
    for (const s of keepers) expect(lab.services[s].image).toMatch(/^clickhouse\/clickhouse-keeper:\$\{CLICKHOUSE_VERSION:-\d+\.\d+\}$/)
    expect(lab.services[servers[0]].image!.split(':')[1]).toBe(services.clickhouse.image!.split(':')[1]) // same version as the single node
    for (const [s, svc] of Object.entries(lab.services)) {
      expect(svc.healthcheck, s).toBeDefined()
      const data = (svc.volumes ?? []).find((v) => v.endsWith(':/var/lib/clickhouse'))
      expect(Object.keys(lab.volumes ?? {}), s).toContain(data?.split(':')[0])
      for (const v of svc.volumes ?? []) if (v.startsWith('.')) expect(fs.existsSync(path.join(base, v.split(':')[0])), `${s}: ${v}`).toBe(true)
    }
    for (const s of servers) for (const k of keepers) expect(lab.services[s].depends_on?.[k]?.condition, `${s} → ${k}`).toBe('service_healthy')
  })

  it('gives every server the macros its place in remote_servers implies', () => {
    const shards = [...cluster.matchAll(/<shard>([\s\S]*?)<\/shard>/g)].map((m) => [...m[1].matchAll(/<host>([^<]+)<\/host>/g)].map((h) => h[1]))
    expect(shards.flat().sort()).toEqual([...servers].sort())
    shards.forEach((hosts, i) => {
      for (const h of hosts) {
        const env = lab.services[h].environment!
        expect(env.CLICKHOUSE_SHARD, h).toBe(String(i + 1))
        expect(env.CLICKHOUSE_REPLICA, h).toBe(h) // unique per replica of a shard
      }
    })
    expect(cluster).toMatch(/<remote_servers>\s*<plateau>/)
    expect(cluster).toContain('<cluster>plateau</cluster>')
    expect(cluster).toContain('<shard from_env="CLICKHOUSE_SHARD"/>')
    expect(cluster).toContain('<replica from_env="CLICKHOUSE_REPLICA"/>')
    expect((cluster.match(/<internal_replication>true<\/internal_replication>/g) ?? []).length).toBe(shards.length)
    expect(xml('users.d/plateau.xml')).toContain('<distributed_foreground_insert>1</distributed_foreground_insert>')
  })

  it('points every server at the Keeper quorum', () => {
    const zk = [...cluster.matchAll(/<node><host>([^<]+)<\/host><port>(\d+)<\/port><\/node>/g)].map((m) => `${m[1]}:${m[2]}`)
    expect(zk).toEqual(keepers.map((k) => `${k}:9181`))
    const raft = [...keeper.matchAll(/<server><id>(\d+)<\/id><hostname>([^<]+)<\/hostname>/g)].map((m) => [m[1], m[2]])
    expect(raft).toEqual(keepers.map((k) => [String(lab.services[k].environment!.KEEPER_SERVER_ID), k]))
    expect(keeper).toContain('<server_id from_env="KEEPER_SERVER_ID"/>')
  })
})
