import type Attachment from '#models/attachment'

/** An attachment in API answers; `url` downloads it with the same token. */
export function serializeAttachment(attachment: Attachment) {
  return {
    id: attachment.id,
    filename: attachment.filename,
    content_type: attachment.contentType,
    size: attachment.size,
    sha256: attachment.sha256,
    comment_id: attachment.commentId,
    created_at: attachment.createdAt.toISO(),
    url: attachment.apiUrl,
  }
}
