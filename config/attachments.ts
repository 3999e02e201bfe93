import env from '#start/env'

/**
 * Limits of attachments. The bodyparser's multipart limit is derived from
 * them (config/bodyparser.ts), so an upload at the limits is never cut
 * off before the action can answer with a clear message.
 */
const maxMegabytes = env.get('ATTACHMENT_MAX_MB') ?? 25
const maxFilesPerUpload = 10

const attachmentsConfig = {
  /** The largest file accepted (ATTACHMENT_MAX_MB, default 25). */
  maxMegabytes,
  maxFileBytes: maxMegabytes * 1024 * 1024,
  /** Files in one upload (one form or API request). */
  maxFilesPerUpload,
  /**
   * The whole multipart body: every file of one upload at its largest,
   * plus a megabyte for the form fields and multipart framing.
   */
  multipartLimit: `${maxMegabytes * maxFilesPerUpload + 1}mb`,
}

export default attachmentsConfig
