// Security headers for every response, used by next.config.js `headers()`. CommonJS because
// next.config.js loads it. Evaluated at build time (`next build` bakes headers into the
// routes manifest): NODE_ENV / NEXTAUTH_URL of the BUILD apply. See docs/security.md.
'use strict'

/** @param {{ dev?: boolean, https?: boolean }} [opts] */
function contentSecurityPolicy(opts = {}) {
  const dev = opts.dev ?? process.env.NODE_ENV !== 'production'
  const https = opts.https ?? (process.env.NEXTAUTH_URL || '').startsWith('https://')
  const directives = [
    "default-src 'self'",
    // Next.js inlines its bootstrap scripts; without per-request nonces they need 'unsafe-inline'.
    // Dev (React Refresh) also needs eval.
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
    "worker-src 'self' blob:",
    "frame-ancestors 'none'",
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "manifest-src 'self'",
  ]
  if (https) directives.push('upgrade-insecure-requests')
  return directives.join('; ')
}

/** @param {{ dev?: boolean, https?: boolean }} [opts] */
function securityHeaders(opts = {}) {
  const https = opts.https ?? (process.env.NEXTAUTH_URL || '').startsWith('https://')
  const h = [
    { key: 'Content-Security-Policy', value: contentSecurityPolicy(opts) },
    { key: 'X-Frame-Options', value: 'DENY' },
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
    { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=()' },
    { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
    { key: 'X-DNS-Prefetch-Control', value: 'off' },
  ]
  if (https) h.push({ key: 'Strict-Transport-Security', value: 'max-age=31536000; includeSubDomains' })
  return h
}

/** The value for next.config.js `async headers()`. */
function nextHeaders(opts = {}) {
  return [{ source: '/:path*', headers: securityHeaders(opts) }]
}

module.exports = { contentSecurityPolicy, securityHeaders, nextHeaders }
