/** What the benchmark ran on, for BENCHMARKS.md. */
import fs from 'node:fs'
import os from 'node:os'
import { execFileSync } from 'node:child_process'

export type Machine = { nproc: number; cpu: string; ramGiB: number; node: string; kcat: string; os: string }

export function machine(): Machine {
  const cpuinfo = fs.readFileSync('/proc/cpuinfo', 'utf8')
  const cpu = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown'
  let kcat = 'not installed'
  try {
    const m = /Version (\S+) .*librdkafka (\S+)/.exec(execFileSync('kcat', ['-V'], { encoding: 'utf8' }))
    kcat = m ? `kcat ${m[1]} (librdkafka ${m[2]})` : 'unknown'
  } catch {
    /* not installed */
  }
  return {
    nproc: os.availableParallelism(),
    cpu,
    ramGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    kcat,
    os: `${os.type()} ${os.release()}`,
  }
}

/** CPU seconds (user + system) used so far by a process, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(f[11]) + Number(f[12])) / 100 // utime, stime in clock ticks (CLK_TCK = 100)
  } catch {
    return NaN
  }
}
