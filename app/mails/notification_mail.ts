import { BaseMail } from '@adonisjs/mail'

/** What a notification mail shows, read at send time (SendMailDelivery). */
export interface NotificationMailContent {
  to: { address: string; name: string }
  subject: string
  recipientName: string
  headline: string
  organizationName: string
  reference: string
  ticketSubject: string
  /** Markdown as written (text part) and its sanitized HTML (HTML part). */
  description: { text: string; html: string } | null
  comment: { author: string; text: string; html: string } | null
  url: string
  preferencesUrl: string
}

/**
 * A notification by mail: HTML and plain-text parts from the same content.
 * User text is escaped in both templates, except the sanitized HTML of
 * markdown (rendered and sanitized at write time).
 */
export default class NotificationMail extends BaseMail {
  constructor(private content: NotificationMailContent) {
    super()
    this.subject = content.subject
  }

  prepare() {
    this.message
      .to(this.content.to.address, this.content.to.name)
      .htmlView('emails/notification_html', this.content)
      .textView('emails/notification_text', this.content)
  }
}
