import type { CHANNELS } from '@/lib/contract/vocabulary'
export type Channel = (typeof CHANNELS)[number]
