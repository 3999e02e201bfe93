/**
 * Names of attached files: the client's name is kept for display and for
 * the download, cleaned; it is never used to store the file or to decide
 * its type.
 */

const MAX_LENGTH = 200

/**
 * The last segment of a client's file name (browsers of old sent whole
 * paths), without control characters or bidirectional overrides (which
 * make "gpj.exe" look like "exe.jpg"), normalized, at most 200 characters
 * with the extension kept.
 */
export function cleanFilename(clientName: string | null | undefined) {
  let name = (clientName ?? '').normalize('NFC')
  name = name.split(/[/\\]/).pop() ?? ''
  name = [...name.replace(/[\t\n\r\v\f]/g, ' ')]
    .filter((character) => !isInvisibleControl(character.codePointAt(0)!))
    .join('')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
  if (name.length > MAX_LENGTH) {
    const dot = name.lastIndexOf('.')
    const extension = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : ''
    name = name.slice(0, MAX_LENGTH - extension.length).trimEnd() + extension
  }
  return name || 'file'
}

/** C0/C1 controls and bidirectional marks, embeddings, overrides and isolates. */
function isInvisibleControl(code: number) {
  return (
    code <= 0x1f ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  )
}

/** The lower-case extension of a name, without the dot ('' when none). */
export function extensionOf(name: string) {
  const dot = name.lastIndexOf('.')
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : ''
}

/**
 * `attachment; filename="ascii fallback"; filename*=UTF-8''percent-encoded`
 * (RFC 6266 / RFC 8187): the browser saves the file under its name and
 * never displays it inline.
 */
export function contentDisposition(filename: string) {
  const fallback = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_')
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`
  )
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`
}
