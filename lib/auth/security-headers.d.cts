export type Header = { key: string; value: string }
export function contentSecurityPolicy(opts?: { dev?: boolean; https?: boolean }): string
export function securityHeaders(opts?: { dev?: boolean; https?: boolean }): Header[]
export function nextHeaders(opts?: { dev?: boolean; https?: boolean }): { source: string; headers: Header[] }[]
