#!/usr/bin/env node
// Run after `npm install` here: this machine's registry mirror has no darwin/win builds, so npm
// leaves their lock entries out, and `npm ci` then refuses the lock ("Missing: … from lock file").
import fs from 'node:fs'
const file = process.argv[2] || 'package-lock.json'
const lock = JSON.parse(fs.readFileSync(file, 'utf8'))
const pkgs = lock.packages
let added = 0
for (const [where, meta] of Object.entries(pkgs)) {
  for (const [name, spec] of Object.entries(meta.optionalDependencies || {})) {
    const base = where ? where.replace(/node_modules\/(?:@[^/]+\/)?[^/]+$/, '') : ''
    const candidates = [`${where}/node_modules/${name}`, `${base}node_modules/${name}`, `node_modules/${name}`]
    if (candidates.some((c) => pkgs[c])) continue
    pkgs[`node_modules/${name}`] = { version: spec.replace(/^[\^~=]/, ''), ...(meta.dev ? { dev: true } : {}), optional: true }
    added++
  }
}
const sorted = Object.fromEntries(Object.entries(pkgs).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)))
lock.packages = sorted
fs.writeFileSync(file, JSON.stringify(lock, null, 2) + '\n')
console.log(`added ${added} entries`)
