import type { CHANNELS } from '@/ingest/events'
export type Channel = (typeof CHANNELS)[number]
