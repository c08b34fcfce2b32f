/**
 * Centers, queues, targets and costs configuration.
 *
 *   getConfig(): ResolvedConfig                 the validated file (PLATEAU_CONFIG), cached, hot-reloaded
 *   centerConfig(id): CenterSettings            settings of any center; unknown ids → defaults, configured: false
 *   listConfiguredCenters(): CenterSettings[]   centers in the file (all centers incl. data-only: lib/queries listCenters)
 *   queueSettings(center, queueId)              per-queue SL threshold/target, short-abandon threshold, ASA target
 *   parseConfig(text) / loadConfigFile(path)    validation (throws ConfigError with every problem and its path)
 *   setConfigOverride(config | yaml | null)     tests: use this configuration instead of the file
 */

export * from './schema'
export * from './load'
