const createNextIntlPlugin = require('next-intl/plugin')

// next-intl without locale routing: request config in ./i18n/request.ts (see docs/i18n.md).
const withNextIntl = createNextIntlPlugin('./i18n/request.ts')

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native engine and network clients stay outside the server bundle; bcryptjs too, so the
  // standalone output ships node_modules/bcryptjs for the hashing worker threads (lib/auth/bcrypt-pool.ts).
  serverExternalPackages: ['chdb', '@clickhouse/client', 'kafkajs', 'bcryptjs'],
  output: process.env.NEXT_OUTPUT === 'standalone' ? 'standalone' : undefined,
  poweredByHeader: false,
  // Security headers (CSP, frame-ancestors, referrer policy, nosniff…): lib/auth/security-headers.cjs
  async headers() {
    return require('./lib/auth/security-headers.cjs').nextHeaders()
  },
}
module.exports = withNextIntl(nextConfig)
