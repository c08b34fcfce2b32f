/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native engine and network clients stay outside the server bundle.
  serverExternalPackages: ['chdb', '@clickhouse/client', 'kafkajs'],
  output: process.env.NEXT_OUTPUT === 'standalone' ? 'standalone' : undefined,
  poweredByHeader: false,
}
module.exports = nextConfig
