import vine from '@vinejs/vine'

/**
 * The form fields of an upload (API multipart). The files themselves are
 * checked by the AttachFiles action (count, size, type by content).
 */
export const attachFilesValidator = vine.compile(
  vine.object({
    comment_id: vine.number().positive().withoutDecimals().optional(),
  })
)
