/**
 * bcrypt hash/compare off the event loop: a small pool of worker threads running bcryptjs, with a
 * concurrency cap (PLATEAU_BCRYPT_THREADS, default half the cores, 1..4) and a bounded queue
 * (PLATEAU_BCRYPT_QUEUE, default 256; beyond it → BcryptBusyError). On the main thread, bcryptjs
 * runs 100 ms slices back to back: 30 parallel sign-ins froze every other request for seconds.
 *
 * The worker is started from source text (eval) and loads bcryptjs from the working directory's
 * node_modules, so it works the same under `next start`, the standalone server and tsx. If a
 * worker cannot start, hashing falls back to bcryptjs on the main thread (logged once).
 */
import bcrypt from 'bcryptjs'
import os from 'node:os'
import { Worker } from 'node:worker_threads'
import { num } from './config'

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads')
const { createRequire } = require('node:module')
const path = require('node:path')
const bcrypt = createRequire(path.join(process.cwd(), 'package.json'))('bcryptjs')
parentPort.on('message', (m) => {
  try {
    const r = m.op === 'hash' ? bcrypt.hashSync(m.pw, m.rounds) : bcrypt.compareSync(m.pw, m.hash)
    parentPort.postMessage({ id: m.id, r })
  } catch (e) {
    parentPort.postMessage({ id: m.id, err: String((e && e.message) || e) })
  }
})
`

type Job = { id: number; op: 'hash' | 'compare'; pw: string; rounds?: number; hash?: string }
type Pending = { job: Job; resolve: (v: unknown) => void; reject: (e: Error) => void }
type Slot = { worker: Worker; busy: Pending | null }

export class BcryptBusyError extends Error {
  constructor() {
    super('too many sign-in attempts in progress; try again in a moment')
  }
}

type Pool = { slots: Slot[]; queue: Pending[]; nextId: number; fallback: boolean; started: number }
const g = globalThis as unknown as { __plateauBcryptPool?: Pool }
const pool = (g.__plateauBcryptPool ??= { slots: [], queue: [], nextId: 1, fallback: false, started: 0 })

export function bcryptThreads(): number {
  const def = Math.min(4, Math.max(1, Math.floor(os.availableParallelism() / 2)))
  return Math.min(16, Math.max(1, Math.floor(num('PLATEAU_BCRYPT_THREADS', def)) || def))
}

function startSlot(): Slot | null {
  try {
    const worker = new Worker(WORKER_SOURCE, { eval: true })
    worker.unref()
    const slot: Slot = { worker, busy: null }
    worker.on('message', (m: { id: number; r?: unknown; err?: string }) => {
      const p = slot.busy
      slot.busy = null
      if (p && p.job.id === m.id) {
        if (m.err !== undefined) p.reject(new Error(m.err))
        else p.resolve(m.r)
      }
      pump()
    })
    const fail = (e: Error) => {
      pool.slots = pool.slots.filter((s) => s !== slot)
      const p = slot.busy
      slot.busy = null
      if (p) pool.queue.unshift(p) // re-run elsewhere (or in the fallback)
      if (pool.slots.length === 0 && !pool.fallback) {
        pool.fallback = true
        console.error(`[plateau] bcrypt worker unavailable (${e.message}); hashing on the main thread`)
      }
      pump()
    }
    worker.on('error', fail)
    worker.on('exit', (code) => {
      if (pool.slots.includes(slot)) fail(new Error(`exited with code ${code}`))
    })
    return slot
  } catch (e) {
    if (!pool.fallback) console.error(`[plateau] bcrypt worker unavailable (${(e as Error).message}); hashing on the main thread`)
    pool.fallback = true
    return null
  }
}

function pump(): void {
  while (pool.queue.length) {
    if (pool.fallback) {
      const p = pool.queue.shift()!
      const j = p.job
      ;(j.op === 'hash' ? bcrypt.hash(j.pw, j.rounds!) : bcrypt.compare(j.pw, j.hash!)).then(p.resolve, p.reject)
      continue
    }
    let slot = pool.slots.find((s) => !s.busy)
    if (!slot && pool.slots.length < bcryptThreads()) {
      const s = startSlot()
      if (!s) continue // now in fallback
      pool.slots.push(s)
      slot = s
    }
    if (!slot) return
    const p = pool.queue.shift()!
    slot.busy = p
    slot.worker.postMessage(p.job)
  }
}

function run<T>(job: Omit<Job, 'id'>): Promise<T> {
  if (pool.queue.length >= Math.max(1, num('PLATEAU_BCRYPT_QUEUE', 256))) return Promise.reject(new BcryptBusyError())
  return new Promise<T>((resolve, reject) => {
    pool.queue.push({ job: { ...job, id: pool.nextId++ }, resolve: resolve as (v: unknown) => void, reject })
    pump()
  })
}

export function bcryptHash(pw: string, rounds: number): Promise<string> {
  return run<string>({ op: 'hash', pw, rounds })
}

export function bcryptCompare(pw: string, hash: string): Promise<boolean> {
  return run<boolean>({ op: 'compare', pw, hash })
}

/** For tests and the bench: how many hash/compare jobs wait for a thread. */
export function bcryptQueueLength(): number {
  return pool.queue.length
}
