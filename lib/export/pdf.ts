/**
 * PDF rendering with headless Chromium (playwright-core + Debian's /usr/bin/chromium): the
 * app's own print page is opened as the caller and printed to A4. Generic: any print route.
 *
 *   const pdf = await renderPdf({
 *     path: '/reports/print?month=2026-10&center=paris-sales',
 *     forwardHeaders: pickForwardHeaders(req.headers),   // the caller's session + locale
 *     readySelector: '[data-print-ready="1"]',
 *     footer: { left: 'Paris Ventes — October 2026', pageOf: 'Page {page} of {pages}' },
 *   })
 *
 * - The page is loaded from the server itself (PLATEAU_INTERNAL_URL, else the port Next.js
 *   listens on, on loopback) — never from the request's Host header (no SSRF through Host).
 * - The caller's cookies are forwarded, so the print page applies the same guard and the same
 *   center scope as the API call that asked for the PDF.
 * - Requests leaving the internal origin are blocked (no external fetches from the PDF).
 * - One shared browser per process (launched on first use, closed after 60 s idle), a new
 *   context per PDF, at most PLATEAU_PDF_CONCURRENCY (2) renders at a time.
 */
import 'server-only'
import type { Browser } from 'playwright-core'
import { LOCALE_COOKIE } from '../i18n/config'

export type PdfFooter = {
  /** Text on the left of every page footer (center, period). */
  left?: string
  /** Right side, with `{page}` and `{pages}` placeholders, e.g. 'Page {page} of {pages}'. */
  pageOf?: string
}

export type RenderPdfOptions = {
  /** Path (and query) on this server, starting with '/'. */
  path: string
  /** Headers sent with every request of the page (cookie, accept-language, x-forwarded-proto). */
  forwardHeaders?: Record<string, string>
  /** CSS selector that appears when the page finished rendering (charts drawn). */
  readySelector?: string
  /** Total time budget, ms (default 30 000). */
  timeoutMs?: number
  footer?: PdfFooter
  /** CSS selector of an element of the page whose text becomes the footer's left side (overrides footer.left). */
  footerLeftFrom?: string
  landscape?: boolean
  /** Override the server base URL (tests). */
  baseUrl?: string
}

export class PdfRenderError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message)
  }
}

/** Where the server can reach itself. */
export function internalBaseUrl(): string {
  const explicit = process.env.PLATEAU_INTERNAL_URL
  if (explicit) return explicit.replace(/\/+$/, '')
  const origin = process.env.__NEXT_PRIVATE_ORIGIN
  if (origin) {
    try {
      const u = new URL(origin)
      if (u.hostname === '0.0.0.0' || u.hostname === '[::]' || u.hostname === '::' || u.hostname === 'localhost') u.hostname = '127.0.0.1'
      return u.origin
    } catch {
      /* fall through */
    }
  }
  return `http://127.0.0.1:${process.env.PORT || 3000}`
}

/**
 * The request headers worth forwarding to the print page: session cookies, locale, scheme.
 * `locale`: the file's language, which replaces the caller's locale cookie, so every part of the
 * print page (server-rendered headings, the document title in the PDF's metadata) is in it.
 */
export function pickForwardHeaders(h: Headers, o: { locale?: string } = {}): Record<string, string> {
  const out: Record<string, string> = {}
  for (const k of ['cookie', 'accept-language', 'x-forwarded-proto', 'x-display-token']) {
    const v = h.get(k)
    if (v) out[k] = v
  }
  if (o.locale) {
    const kept = (out.cookie ?? '')
      .split(';')
      .map((c) => c.trim())
      .filter((c) => c && !c.startsWith(`${LOCALE_COOKIE}=`))
    out.cookie = [...kept, `${LOCALE_COOKIE}=${o.locale}`].join('; ')
  }
  return out
}

// ---------------------------------------------------------------- shared browser

type PdfState = { browser: Promise<Browser> | null; idle: NodeJS.Timeout | null; active: number; queue: Array<() => void> }
const g = globalThis as unknown as { __plateauPdf?: PdfState }
const st = (): PdfState => (g.__plateauPdf ??= { browser: null, idle: null, active: 0, queue: [] })

function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium'
}

async function browser(): Promise<Browser> {
  const s = st()
  if (s.idle) {
    clearTimeout(s.idle)
    s.idle = null
  }
  if (!s.browser) {
    const { chromium } = await import('playwright-core')
    s.browser = chromium
      .launch({
        executablePath: chromiumPath(),
        args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      })
      .then((b) => {
        b.on('disconnected', () => {
          if (st().browser) st().browser = null
        })
        return b
      })
      .catch((e) => {
        st().browser = null
        throw new PdfRenderError(`cannot start Chromium at ${chromiumPath()}: ${(e as Error).message}`)
      })
  }
  return s.browser
}

function scheduleIdleClose() {
  const s = st()
  if (s.active > 0 || s.idle) return
  s.idle = setTimeout(() => {
    const b = s.browser
    s.browser = null
    s.idle = null
    void b?.then((x) => x.close()).catch(() => {})
  }, 60_000)
  s.idle.unref?.()
}

async function acquire(): Promise<void> {
  const s = st()
  const max = Math.max(1, Number(process.env.PLATEAU_PDF_CONCURRENCY) || 2)
  if (s.active < max) {
    s.active++
    return
  }
  await new Promise<void>((resolve) => s.queue.push(resolve))
  s.active++
}

function release() {
  const s = st()
  s.active--
  const next = s.queue.shift()
  if (next) next()
  else scheduleIdleClose()
}

/** Close the shared browser now (tests, shutdown). */
export async function closePdfBrowser(): Promise<void> {
  const s = st()
  if (s.idle) clearTimeout(s.idle)
  s.idle = null
  const b = s.browser
  s.browser = null
  if (b) await (await b.catch(() => null))?.close().catch(() => {})
}

// ---------------------------------------------------------------- rendering

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

function footerTemplate(f: PdfFooter | undefined): string {
  const left = esc(f?.left ?? '')
  const right = esc(f?.pageOf ?? '{page} / {pages}')
    .replace('{page}', '<span class="pageNumber"></span>')
    .replace('{pages}', '<span class="totalPages"></span>')
  return `<div style="font-family: sans-serif; font-size: 8px; color: #475569; width: 100%; padding: 0 12mm; display: flex; justify-content: space-between;"><span>${left}</span><span>${right}</span></div>`
}

/** Open `path` on this server as the caller and print it to an A4 PDF. */
export async function renderPdf(o: RenderPdfOptions): Promise<Uint8Array> {
  if (!o.path.startsWith('/') || o.path.startsWith('//')) throw new PdfRenderError('path must be a local path')
  const base = (o.baseUrl ?? internalBaseUrl()).replace(/\/+$/, '')
  const origin = new URL(base).origin
  const timeout = o.timeoutMs ?? 30_000
  await acquire()
  try {
    const b = await browser()
    const context = await b.newContext({ extraHTTPHeaders: o.forwardHeaders ?? {}, javaScriptEnabled: true })
    try {
      // Only the app itself: no external requests from the print page.
      await context.route('**/*', (route) => {
        const u = route.request().url()
        if (u.startsWith(origin + '/') || u === origin || u.startsWith('data:') || u.startsWith('blob:')) return route.continue()
        return route.abort()
      })
      const page = await context.newPage()
      page.setDefaultTimeout(timeout)
      const res = await page.goto(base + o.path, { waitUntil: 'load', timeout })
      if (!res) throw new PdfRenderError('print page did not answer')
      if (res.status() >= 400) throw new PdfRenderError(`print page answered HTTP ${res.status()}`, res.status())
      const landed = new URL(page.url())
      if (landed.pathname.startsWith('/login')) throw new PdfRenderError('print page redirected to sign-in', 401)
      if (o.readySelector) await page.waitForSelector(o.readySelector, { state: 'attached', timeout })
      await page.emulateMedia({ media: 'print' })
      let footer = o.footer
      if (o.footerLeftFrom) {
        const text = await page.locator(o.footerLeftFrom).first().textContent({ timeout: 2000 }).catch(() => null)
        if (text) footer = { ...footer, left: text.replace(/\s+/g, ' ').trim() }
      }
      const pdf = await page.pdf({
        format: 'A4',
        landscape: o.landscape ?? false,
        printBackground: true,
        preferCSSPageSize: false,
        margin: { top: '14mm', bottom: '16mm', left: '12mm', right: '12mm' },
        displayHeaderFooter: true,
        headerTemplate: '<div></div>',
        footerTemplate: footerTemplate(footer),
      })
      return new Uint8Array(pdf)
    } finally {
      await context.close().catch(() => {})
    }
  } finally {
    release()
  }
}

export function pdfResponse(pdf: Uint8Array, filename: string, extraHeaders: Record<string, string> = {}): Response {
  const ascii = filename.replace(/[^\x20-\x7E]/g, '_').replace(/["\\]/g, '_')
  return new Response(pdf as unknown as BodyInit, {
    status: 200,
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      'x-content-type-options': 'nosniff',
      ...extraHeaders,
    },
  })
}
