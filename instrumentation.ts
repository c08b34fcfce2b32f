export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { ensureFirstAdmin } = await import('./lib/auth/users')
    await ensureFirstAdmin() // prints the first-run admin password once, at start
    const { startInProcess } = await import('./ingest/embedded')
    await startInProcess()
  }
}
