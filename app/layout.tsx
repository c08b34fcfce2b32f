import type { Metadata } from 'next'
import type { ReactNode } from 'react'
import './globals.css'
import { Providers } from './providers'

export const metadata: Metadata = { title: 'Plateau', description: 'Real-time contact-center analytics' }

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="bg-slate-50 text-ink antialiased">
        <Providers>{children}</Providers>
      </body>
    </html>
  )
}
