/** Trend key (sparkline history) of a board tile limited to one channel (`{ kpi, channel }`). Pure, client-safe. */
export function channelTrendKey(channel: string, key: string): string {
  return `channel:${channel}:${key}`
}
