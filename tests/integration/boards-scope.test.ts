/**
 * Issue 14 (low): /api/boards showed a supervisor scoped to one center every board's center
 * ids. Through the real route: a scoped caller sees only the ids of its own centers; an admin
 * sees them all.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { CENTER_A, CENTER_B, useTestAuth, type TestAuth } from '../helpers/auth'

const BOARDS = `
version: 1
boards:
  - id: shared-board
    title: Two centers
    centers: [${CENTER_A}, ${CENTER_B}, secret-center]
    tiles: [offered]
  - id: other-board
    title: Not mine
    centers: [${CENTER_B}]
    tiles: [offered]
`
type Handler = (req: Request, ctx: unknown) => Promise<Response>
let auth: TestAuth
let GET: Handler

beforeAll(async () => {
  auth = await useTestAuth()
  const { setBoardsOverride } = await import('@/lib/boards/load')
  setBoardsOverride(BOARDS)
  GET = (await import('@/app/api/boards/route')).GET as Handler
})

type Listing = { boards: Array<{ id: string; centers: string[] | '*' }> }
async function list(role: 'supervisor' | 'admin'): Promise<Listing> {
  const r = await GET(await auth.request(role, '/api/boards'), { params: Promise.resolve({}) })
  expect(r.status).toBe(200)
  return (await r.json()) as Listing
}

describe('/api/boards and center scope', () => {
  it('a supervisor of one center never sees other centers’ ids', async () => {
    const sup = await list('supervisor')
    const text = JSON.stringify(sup)
    expect(text).not.toContain(CENTER_B)
    expect(text).not.toContain('secret-center')
    expect(sup.boards.find((b) => b.id === 'shared-board')!.centers).toEqual([CENTER_A])
  })

  it('an admin sees every id', async () => {
    const admin = await list('admin')
    expect(admin.boards.find((b) => b.id === 'shared-board')!.centers).toEqual([CENTER_A, CENTER_B, 'secret-center'])
  })
})
