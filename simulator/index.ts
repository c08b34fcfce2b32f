/** The contact-center simulator (issue 3). Engine in memory: `simulate({ scenario, from, to, seed, onEvent })`. */
export { Simulation, simulate, simNamespace, type SimOptions, type SimStats, type QueueStats, type SimulateOptions } from './engine'
export { loadScenario, parseScenario, compileScenario, DEFAULT_SCENARIO_PATH, type Scenario } from './scenario'
export { FaultInjector, Malformed, NO_FAULTS, serialize, keyOf, type Emitted, type FaultRates } from './faults'
export { run, startLive, planLive, liveIdentities, runLoad, demoClockOffset, blockClockOffset, allCentersOpen, type RunReport, type LiveHandle, type LivePlan, type LiveIdentity, type LoadReport } from './runner'
export { MemorySink, NullSink, FileSink, HttpSink, KafkaSink, type Sink } from './sinks'
export { formatSummary } from './report'
export { parseWhen } from './when'
