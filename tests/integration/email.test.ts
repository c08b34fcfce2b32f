import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSmtp, useSmtpEnv, type TestSmtp } from '../helpers/smtp'
import { sendEmail, smtpSettings, EmailNotConfiguredError } from '@/lib/notify/email'

describe('sendEmail against a real SMTP server', () => {
  let smtp: TestSmtp
  let restore: () => void
  beforeAll(async () => {
    smtp = await startSmtp({ user: 'mailer', password: 's3cret-pass' })
    restore = useSmtpEnv(smtp, { SMTP_USER: 'mailer', SMTP_PASSWORD: 's3cret-pass' })
  })
  afterAll(async () => {
    restore()
    await smtp.close()
  })

  it('delivers subject, text, html and binary attachments byte for byte, authenticated', async () => {
    const binary = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x10, 0x80])
    const { messageId } = await sendEmail({
      to: ['ops@example.com', 'lead@example.com'],
      subject: 'Rapport mensuel — novembre',
      text: 'Bonjour, voici le rapport.',
      html: '<p>Bonjour, voici le <b>rapport</b>.</p>',
      attachments: [
        { filename: 'report.pdf', content: binary, contentType: 'application/pdf' },
        { filename: 'report.csv', content: 'a;b\n1;2\n', contentType: 'text/csv' },
      ],
    })
    const [mail] = await smtp.waitFor(1)
    expect(mail!.messageId).toBe(messageId)
    expect(mail!.subject).toBe('Rapport mensuel — novembre')
    expect(mail!.text?.trim()).toBe('Bonjour, voici le rapport.')
    expect(mail!.html).toContain('<b>rapport</b>')
    expect(mail!.from?.value[0]).toMatchObject({ name: 'Plateau', address: 'plateau@test.local' })
    expect(smtp.envelopes[0]!.to).toEqual(['ops@example.com', 'lead@example.com'])
    expect(mail!.attachments.map((a) => a.filename)).toEqual(['report.pdf', 'report.csv'])
    expect(Buffer.compare(mail!.attachments[0]!.content, binary)).toBe(0)
    expect(mail!.attachments[0]!.contentType).toBe('application/pdf')
    expect(mail!.attachments[1]!.content.toString()).toBe('a;b\n1;2\n')
  })

  it('fails when the server refuses the recipient or the password', async () => {
    smtp.reject.add('gone@example.com')
    await expect(sendEmail({ to: 'gone@example.com', subject: 's', text: 't' })).rejects.toThrow()
    process.env.SMTP_PASSWORD = 'wrong'
    await expect(sendEmail({ to: 'ops@example.com', subject: 's', text: 't' })).rejects.toThrow(/Invalid username or password|auth/i)
    process.env.SMTP_PASSWORD = 's3cret-pass'
    const before = smtp.messages.length
    await sendEmail({ to: 'ops@example.com', subject: 'again', text: 't' })
    expect((await smtp.waitFor(before + 1)).at(-1)!.subject).toBe('again')
  })

  it('reports missing or invalid settings clearly', async () => {
    expect(smtpSettings({})).toBeNull()
    expect(() => smtpSettings({ SMTP_HOST: 'mail', SMTP_SECURE: 'ssl', SMTP_FROM: 'a@b' })).toThrow(/SMTP_SECURE/)
    expect(() => smtpSettings({ SMTP_HOST: 'mail' })).toThrow(/SMTP_FROM/)
    expect(smtpSettings({ SMTP_HOST: 'mail', SMTP_SECURE: 'tls', SMTP_FROM: 'a@b' })!.port).toBe(465)
    const host = process.env.SMTP_HOST
    delete process.env.SMTP_HOST
    try {
      await expect(sendEmail({ to: 'x@example.com', subject: 's', text: 't' })).rejects.toBeInstanceOf(EmailNotConfiguredError)
    } finally {
      process.env.SMTP_HOST = host
    }
  })
})
