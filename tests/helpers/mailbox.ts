import { SMTPServer } from 'smtp-server'
import { simpleParser, type ParsedMail } from 'mailparser'
import { setTimeout as sleep } from 'node:timers/promises'
import emitter from '@adonisjs/core/services/emitter'
import env from '#start/env'

/**
 * A real SMTP server on the port the app sends to in tests (SMTP_PORT of
 * .env.test). It accepts every message and keeps it, parsed, for the
 * tests to read.
 */
const received: ParsedMail[] = []
let server: SMTPServer | undefined

/**
 * Mails queued with mail.sendLater and not yet handed to the SMTP server
 * (a queued mail's `message` is the same object when it is sent).
 */
const inFlight = new Set<unknown>()
emitter.on('mail:queued', (event) => inFlight.add(event.message))
emitter.on('mail:sent', (event) => inFlight.delete(event.message))

export async function startMailbox() {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push(mail)
          callback()
        })
        .catch(callback)
    },
  })
  await new Promise<void>((resolve, reject) => {
    server!.once('error', reject)
    server!.listen(env.get('SMTP_PORT'), env.get('SMTP_HOST'), () => resolve())
  })
  return () => new Promise<void>((resolve) => server!.close(() => resolve()))
}

export const mailbox = {
  clear() {
    received.length = 0
  },
  all() {
    return [...received]
  },
  /** The messages sent to an address. */
  to(address: string) {
    return received.filter((mail) =>
      [mail.to].flat().some((to) => to?.value.some((entry) => entry.address === address))
    )
  },
  /**
   * Waits until every mail queued with mail.sendLater has reached this
   * server (or the time is up), so a test can tell which step sent what.
   */
  async settled(timeoutMs = 5000) {
    const deadline = Date.now() + timeoutMs
    while (inFlight.size > 0 && Date.now() < deadline) await sleep(10)
  },
  /** The first link in a message's text that starts with the given path. */
  link(mail: ParsedMail, path: string) {
    const match = (mail.text ?? '').match(new RegExp(`https?://[^\\s]+${path}[^\\s]*`))
    return match ? new URL(match[0]).pathname : null
  },
}
