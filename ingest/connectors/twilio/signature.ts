/**
 * Twilio's X-Twilio-Signature: base64(HMAC-SHA1(auth token, full URL + each POST parameter's
 * name and value, names sorted))). Compared in constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, k) => acc + k + params[k], url)
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64')
}

export function validTwilioSignature(authToken: string, signature: string | null, url: string, params: Record<string, string>): boolean {
  if (!authToken || !signature) return false
  const want = Buffer.from(twilioSignature(authToken, url, params))
  const got = Buffer.from(signature)
  return want.length === got.length && timingSafeEqual(want, got)
}
