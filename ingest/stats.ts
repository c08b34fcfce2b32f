/** When this process last stored a batch, for /api/health (the store holds everything else). */
const g = globalThis as unknown as { __plateauLastWriteAt?: number }

export const ingestStats = {
  recordWrite(): void {
    g.__plateauLastWriteAt = Date.now()
  },
  lastWriteAt(): number | null {
    return g.__plateauLastWriteAt ?? null
  },
}
