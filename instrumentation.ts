export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { startInProcess } = await import('./ingest/embedded')
    await startInProcess()
  }
}
