/**
 * WHO MAY CALL WHAT — one entry per route file under app/ (route.ts and page.tsx).
 * tests/integration/auth-routes.test.ts globs app/ and FAILS for any route or exported HTTP
 * method missing here, then checks every principal (no sign-in, each role, display links)
 * gets exactly: allowed / 401 / 403 (pages: sign-in redirect / forbidden redirect).
 *
 * Adding a route: add its path as the file system spells it ('/api/kpis', '/wallboard/[boardId]')
 *   '/api/kpis': { methods: { GET: { cap: 'live' } }, query: 'from=…', scope: centersScope },
 *   '/reports':  { page: { cap: 'reports' } },
 * Access kinds:
 *   { cap: 'live' }            withAuth('live') / requirePage('live'); a list = any of them
 *   { board: true }            boards + canSeeBoard(who, params.boardId) (display links: own board only)
 *   { apiKey: true }           producers: API key only (cookies don't count)
 *   { public: true }           same outcome for everyone (say why in `why`)
 *   { signature: 'twilio' }    platform webhooks: the platform's request signature only (sessions, keys don't count → 403)
 */
import { expect } from 'vitest'
import type { Capability } from '@/lib/auth/roles'
import type { TestRole } from '../helpers/auth'
import { expectOnlyCenters } from '../helpers/auth-fuzz'

export type Access = ({ cap: Capability | Capability[] } | { board: true } | { apiKey: true } | { signature: 'twilio' } | { public: true; why: string }) & {
  /** JSON body for state-changing methods (default {} → allowed callers typically get 400/404, never 401/403). */
  body?: unknown
  /** Not callable in-process (needs a real Next request scope); covered over HTTP. */
  skipInProcess?: string
}

export type ScopeCheck = (a: { role: Principal; status: number; json: unknown; allowed: string[] | null }) => void
export type Principal = 'anon' | TestRole | 'display' | 'displayOther' | 'displayRevoked'

export type RouteEntry = {
  /** Values for the [segments] of the path. */
  params?: Record<string, string | string[]>
  query?: string
  methods?: Partial<Record<'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', Access>>
  page?: Access
  /** Data routes: assert the response holds only the caller's centers. */
  scope?: ScopeCheck
}

/** The board every display principal in the test is bound to ('displayOther' is bound to another). */
export const TEST_BOARD = 'board-1'

/**
 * /api/kpis: group keys and spans (expectOnlyCenters) and also the `centers` list, whose
 * entries are `{ id, name, … }` objects the generic collector does not read.
 */
export const kpisScope: ScopeCheck = ({ role, json, allowed }) => {
  expectOnlyCenters(json, allowed, `/api/kpis as ${role}`)
  if (allowed === null) return
  const listed = ((json as { centers?: Array<{ id?: unknown }> }).centers ?? []).map((c) => String(c.id))
  expect(listed.filter((c) => !allowed.includes(c)), `/api/kpis as ${role}: centers[] outside scope ${JSON.stringify(allowed)}`).toEqual([])
}

export const ROUTES: Record<string, RouteEntry> = {
  // --- public
  '/': { page: { public: true, why: 'redirects to /live, which is protected' } },
  '/login': { page: { public: true, why: 'sign-in page' } },
  '/api/health': { methods: { GET: { public: true, why: 'probes; details only for signed-in callers (tested separately)' } } },
  '/api/auth/[...nextauth]': {
    params: { nextauth: ['session'] },
    methods: {
      GET: { public: true, why: 'Auth.js', skipInProcess: 'Auth.js reads next/headers itself' },
      POST: { public: true, why: 'Auth.js (own CSRF token)', skipInProcess: 'Auth.js reads next/headers itself' },
    },
  },
  '/display/[token]': { params: { token: 'not-a-valid-token' }, methods: { GET: { public: true, why: 'the token is the credential (tested separately)' } } },

  // --- producers
  '/api/events': { methods: { POST: { apiKey: true, body: [] } } },
  '/api/connectors/twilio/[center]': { params: { center: 'c1' }, methods: { POST: { signature: 'twilio' } } },
  '/api/connectors/connect/[center]': { params: { center: 'c1' }, methods: { POST: { apiKey: true, body: [] } } },

  // --- admin
  '/admin': { page: { cap: 'admin' } },
  '/admin/users': { page: { cap: 'admin' } },
  '/admin/api-keys': { page: { cap: 'admin' } },
  '/admin/display-links': { page: { cap: 'admin' } },
  '/admin/dead-letters': { page: { cap: 'admin' } },
  '/api/admin/users': { methods: { GET: { cap: 'admin' }, POST: { cap: 'admin' } } },
  '/api/admin/dead-letters': { methods: { GET: { cap: 'admin' } } },
  '/api/admin/users/[id]': { params: { id: 'no-such-user' }, methods: { PATCH: { cap: 'admin' }, DELETE: { cap: 'admin' } } },
  '/api/admin/api-keys': { methods: { GET: { cap: 'admin' }, POST: { cap: 'admin' } } },
  '/api/admin/api-keys/[id]': { params: { id: 'no-such-key' }, methods: { DELETE: { cap: 'admin' } } },
  '/api/admin/display-links': { methods: { GET: { cap: 'admin' }, POST: { cap: 'admin' } } },
  '/api/admin/display-links/[id]': { params: { id: 'no-such-link' }, methods: { DELETE: { cap: 'admin' } } },

  // --- KPI engine API (issue 4): live or reports; asks for a foreign center on purpose, the
  // answer must still hold only the caller's centers
  '/api/kpis': {
    query: 'groupBy=center&centers=paris-sales,lyon-leads,bruxelles-care&keys=offered,service_level,aht,agents_logged_in',
    methods: { GET: { cap: ['live', 'reports'] } },
    scope: kpisScope,
  },
  '/api/kpis/contacts': {
    query: 'set=offered&centers=paris-sales,lyon-leads,bruxelles-care',
    methods: { GET: { cap: ['live', 'reports'] } },
    scope: ({ role, json, allowed }) => expectOnlyCenters(json, allowed, `/api/kpis/contacts as ${role}`),
  },

  // --- views (other issues: keep in step with their guards)
  '/live': { page: { cap: 'live' } },
  // live view and wall boards (issue 5)
  '/api/live': { methods: { GET: { cap: 'live' } }, scope: ({ role, json, allowed }) => expectOnlyCenters(json, allowed, `/api/live as ${role}`) },
  // forecast and staffing ahead (issue 20): one center; a foreign one is a 404, never its data
  '/api/forecast': { query: 'center=paris-sales&interval=60&hours=2', methods: { GET: { cap: 'live' } }, scope: ({ role, json, allowed }) => expectOnlyCenters(json, allowed, `/api/forecast as ${role}`) },
  '/api/compliance': { query: 'center=paris-sales&from=2026-10-01&to=2026-10-31', methods: { GET: { cap: ['live', 'reports'] } }, scope: ({ role, json, allowed }) => expectOnlyCenters(json, allowed, `/api/compliance as ${role}`) },
  '/api/live/contacts': { query: 'set=abandoned', methods: { GET: { cap: 'live' } }, scope: ({ role, json, allowed }) => expectOnlyCenters(json, allowed, `/api/live/contacts as ${role}`) },
  '/wallboard': { page: { cap: 'boards' } },
  '/wallboard/[boardId]': { params: { boardId: TEST_BOARD }, page: { board: true } },
  '/api/boards': { methods: { GET: { cap: 'boards' } } },
  '/api/boards/[boardId]': { params: { boardId: TEST_BOARD }, methods: { GET: { board: true } } },

  // --- reports (issue 6)
  '/reports': { page: { cap: 'reports' } },
  '/reports/print': { query: 'month=2026-10', page: { cap: 'reports' } },
  '/api/reports/monthly': {
    query: 'month=2026-10&section=summary',
    methods: { GET: { cap: 'reports' } },
    scope: ({ role, json, allowed }) => expectOnlyCenters(json, allowed, `/api/reports/monthly as ${role}`),
  },
  '/api/contacts/export': { query: 'set=offered&month=2026-10', methods: { GET: { cap: 'reports' } } },
  // the live drill's CSV (issue 17): those who may export (all of whom have live)
  '/api/live/contacts/export': { query: 'set=abandoned', methods: { GET: { cap: 'export' } } },
  // scheduled reports (issue 19): those who may export; only schedules/deliveries of their centers
  '/reports/schedules': { page: { cap: 'export' } },
  '/api/report-schedules': { methods: { GET: { cap: 'export' }, POST: { cap: 'alerts' } } },
  '/api/report-schedules/[scheduleId]': { params: { scheduleId: 'no-such-schedule' }, methods: { PUT: { cap: 'alerts' }, DELETE: { cap: 'alerts' } } },

  // --- alerts in-app (issue 19)
  '/api/alerts': { methods: { GET: { cap: 'live' } } },
  '/api/alerts/ack': { methods: { POST: { cap: 'live' } } },
  '/api/boards/[boardId]/alerts': { params: { boardId: TEST_BOARD }, methods: { GET: { board: true } } },
  '/api/alerts/rules': { methods: { GET: { cap: 'alerts' }, POST: { cap: 'alerts' } } },
  '/api/alerts/rules/[ruleId]': { params: { ruleId: 'no-such-rule' }, methods: { PUT: { cap: 'alerts' }, DELETE: { cap: 'alerts' } } },
  '/api/alerts/log': { methods: { GET: { cap: 'alerts' } } },
  '/admin/alerts': { page: { cap: 'alerts' } },
  '/admin/alerts/log': { page: { cap: 'alerts' } },

  // --- executive view (issue 7)
  '/executive': { page: { cap: 'executive' } },
  '/executive/print': { page: { cap: 'executive' } },
  '/api/executive': { query: 'from=2026-10&to=2026-10', methods: { GET: { cap: 'executive' } } },
  '/api/executive/export': { query: 'format=xlsx&from=2026-10&to=2026-10', methods: { GET: { cap: 'executive' } } },
}
