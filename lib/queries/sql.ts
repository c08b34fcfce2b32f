/**
 * Building parameterised SQL: values only ever enter a query as typed placeholders
 * (`{p0:String}`); the SQL text is assembled from fixed fragments chosen by enums.
 */
import 'server-only'
import { chTs } from '../kpi/time'

export class Params {
  readonly values: Record<string, unknown> = {}
  private n = 0
  /** Register a value and return its placeholder, e.g. p.add('Array(String)', ['a']) → {p0:Array(String)}. */
  add(type: string, value: unknown): string {
    const name = `p${this.n++}`
    this.values[name] = value
    return `{${name}:${type}}`
  }
  str(v: string): string {
    return this.add('String', v)
  }
  strs(v: readonly string[]): string {
    return this.add('Array(String)', [...v])
  }
  int(v: number): string {
    return this.add('Int64', Math.round(v))
  }
  ints(v: readonly number[]): string {
    return this.add('Array(Int64)', v.map((x) => Math.round(x)))
  }
  /** An instant (epoch ms) as DateTime64(3) UTC. */
  ts(ms: number): string {
    return this.add("DateTime64(3, 'UTC')", chTs(ms))
  }
}

/** Epoch milliseconds of a DateTime64 column or expression. */
export const ms = (expr: string) => `toUnixTimestamp64Milli(${expr})`
