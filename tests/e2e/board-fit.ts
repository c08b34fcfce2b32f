/**
 * How a wall board fits its screen (tests/e2e/wallboard.spec.ts, board-panels.spec.ts): every
 * tile inside the viewport, no content overflowing its tile or sticking out of it, no figure
 * cut, and the smallest figure and title sizes.
 */
import { expect, type Page } from '@playwright/test'

export type Overflow = { page: { sw: number; sh: number; w: number; h: number }; problems: string[]; minValuePx: number; minTitlePx: number; tiles: number }

/** Everything inside the viewport, nothing clipped inside a tile, and the type sizes. */
export async function measure(page: Page): Promise<Overflow> {
  return page.evaluate(() => {
    const problems: string[] = []
    const w = window.innerWidth
    const h = window.innerHeight
    const doc = document.scrollingElement!
    const tiles = Array.from(document.querySelectorAll<HTMLElement>('[data-board-tile]'))
    for (const t of tiles) {
      const id = t.dataset.boardTile
      const r = t.getBoundingClientRect()
      if (r.left < -0.5 || r.top < -0.5 || r.right > w + 0.5 || r.bottom > h + 0.5) problems.push(`${id}: outside the viewport ${JSON.stringify(r)}`)
      if (r.width < 50 || r.height < 50) problems.push(`${id}: collapsed ${r.width}×${r.height}`)
      const inner = t.firstElementChild as HTMLElement | null
      if (inner && (inner.scrollHeight > inner.clientHeight + 1 || inner.scrollWidth > inner.clientWidth + 1)) {
        problems.push(`${id}: content overflows its tile (${inner.scrollWidth}×${inner.scrollHeight} in ${inner.clientWidth}×${inner.clientHeight})`)
      }
      // every descendant stays inside the tile box
      for (const el of Array.from(t.querySelectorAll<HTMLElement>('*'))) {
        const e = el.getBoundingClientRect()
        if (e.width === 0 && e.height === 0) continue
        if (e.bottom > r.bottom + 1 || e.right > r.right + 1 || e.top < r.top - 1 || e.left < r.left - 1) {
          problems.push(`${id}: <${el.tagName.toLowerCase()}> "${(el.textContent ?? '').slice(0, 30)}" sticks out of the tile`)
          break
        }
      }
    }
    // figures are never cut (no ellipsis on a number)
    for (const v of Array.from(document.querySelectorAll<HTMLElement>('[data-board-tile] [data-value]'))) {
      if (v.scrollWidth > v.clientWidth + 1) problems.push(`value "${v.textContent}" is truncated`)
    }
    const px = (sel: string) => Math.min(...Array.from(document.querySelectorAll<HTMLElement>(sel)).map((e) => parseFloat(getComputedStyle(e).fontSize)))
    return {
      page: { sw: doc.scrollWidth, sh: doc.scrollHeight, w, h },
      problems,
      minValuePx: px('[data-board-tile] [data-value]'),
      minTitlePx: px('[data-board-tile] [data-tile-title]'),
      tiles: tiles.length,
    }
  })
}

/**
 * Fits and reads from 5 m: nothing outside or clipped, no scrolling, at least `minTiles` tiles;
 * on a 55" screen 1 px ≈ 0.63 mm at 1080p (0.32 mm at 4K), so a figure of ≥ 64 px (≥ 128 px at
 * 4K) is ≥ 4 cm tall and titles of ≥ 24 px (≥ 48 px) ≈ 1.5 cm.
 */
export function expectFitsAndReadable(m: Overflow, viewportWidth: number, minTiles = 6): void {
  expect(m.problems).toEqual([])
  expect(m.page.sw, 'no horizontal scrolling').toBeLessThanOrEqual(m.page.w)
  expect(m.page.sh, 'no vertical scrolling').toBeLessThanOrEqual(m.page.h)
  expect(m.tiles).toBeGreaterThanOrEqual(minTiles)
  const scale = viewportWidth / 1920
  expect(m.minValuePx).toBeGreaterThanOrEqual(64 * scale)
  expect(m.minTitlePx).toBeGreaterThanOrEqual(24 * scale)
}
