export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { ensureFirstAdmin } = await import('./lib/auth/users')
    await ensureFirstAdmin() // prints the first-run admin password once, at start
    const { startInProcess } = await import('./server/startup')
    // The store may come up after us (server mode): retry for a minute, then exit so a
    // supervisor restarts the process instead of it answering 500 forever.
    for (let attempt = 1; ; attempt++) {
      try {
        await startInProcess()
        return
      } catch (e) {
        console.error(`[plateau] start-up failed (attempt ${attempt}): ${(e as Error).message}`)
        if (attempt >= 12) process.exit(1)
        await new Promise((r) => setTimeout(r, 5000))
      }
    }
  }
}
