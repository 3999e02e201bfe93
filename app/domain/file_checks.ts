import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { fileTypeFromFile } from 'file-type'
import { extensionOf } from '#domain/filenames'

/**
 * What a file is, decided by its content (magic bytes, read with
 * `file-type`), never by the name or the MIME type the client sent.
 *
 * Accepted: images (PNG, JPEG, GIF, WebP), PDF, ZIP, Office documents
 * (Word, Excel, PowerPoint, OpenDocument; macro-enabled ones are not) and
 * plain text. Text has no magic bytes: it is accepted when it decodes as
 * UTF-8 without NUL bytes AND is named as text (.txt, .csv, .log, .md).
 * The name only ever narrows: a file that is HTML, or anything else
 * without magic bytes, named "photo.png" is refused, not stored as text.
 */

const BY_MAGIC: Record<string, string> = {
  'image/png': 'PNG image',
  'image/jpeg': 'JPEG image',
  'image/gif': 'GIF image',
  'image/webp': 'WebP image',
  'application/pdf': 'PDF document',
  'application/zip': 'ZIP archive',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel workbook',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation':
    'PowerPoint presentation',
  'application/vnd.oasis.opendocument.text': 'OpenDocument text',
  'application/vnd.oasis.opendocument.spreadsheet': 'OpenDocument spreadsheet',
  'application/vnd.oasis.opendocument.presentation': 'OpenDocument presentation',
}

/**
 * Word 97–2003, Excel and PowerPoint files are OLE compound files, a
 * container that installers (.msi) use as well: accepted only under the
 * name of an Office document, stored with that document's type.
 */
const LEGACY_OFFICE: Record<string, string> = {
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
}

const TEXT_EXTENSIONS: Record<string, string> = {
  txt: 'text/plain',
  text: 'text/plain',
  log: 'text/plain',
  md: 'text/plain',
  csv: 'text/csv',
}

/** Content types a download may announce (besides application/octet-stream). */
export const ALLOWED_CONTENT_TYPES = new Set([
  ...Object.keys(BY_MAGIC),
  ...Object.values(LEGACY_OFFICE),
  ...Object.values(TEXT_EXTENSIONS),
])

/** For the file input's accept attribute: a hint to browsers, not a check. */
export const ACCEPT_LIST = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  '.pdf',
  '.zip',
  '.doc',
  '.docx',
  '.xls',
  '.xlsx',
  '.ppt',
  '.pptx',
  '.odt',
  '.ods',
  '.odp',
  ...Object.keys(TEXT_EXTENSIONS).map((extension) => `.${extension}`),
].join(',')

export const ALLOWED_DESCRIPTION =
  'images (PNG, JPEG, GIF, WebP), PDF, ZIP, Office documents and plain text (.txt, .csv, .log, .md)'

export type FileCheck =
  | { accepted: true; contentType: string; sha256: string }
  | { accepted: false; reason: string }

/**
 * Reads the file once (after a look at its first bytes) to hash it and,
 * for text, to check the encoding.
 */
export async function checkFile(path: string, filename: string): Promise<FileCheck> {
  const detected = await fileTypeFromFile(path)
  const extension = extensionOf(filename)

  if (detected) {
    let contentType: string | undefined
    if (BY_MAGIC[detected.mime]) contentType = detected.mime
    else if (detected.mime === 'application/x-cfb') contentType = LEGACY_OFFICE[extension]
    if (!contentType) {
      return { accepted: false, reason: `its content is ${detected.ext.toUpperCase()}` }
    }
    return { accepted: true, contentType, sha256: await sha256Of(path) }
  }

  const textType = TEXT_EXTENSIONS[extension]
  if (!textType) {
    return { accepted: false, reason: 'its content is not of a type we accept' }
  }
  const scan = await scanText(path)
  if (!scan.isText) {
    return { accepted: false, reason: 'it is named as text but is not UTF-8 text' }
  }
  return { accepted: true, contentType: textType, sha256: scan.sha256 }
}

async function sha256Of(path: string) {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

/** Hashes the file and tells whether it is UTF-8 text without NUL bytes. */
async function scanText(path: string) {
  const hash = createHash('sha256')
  const decoder = new TextDecoder('utf-8', { fatal: true })
  let isText = true
  for await (const chunk of createReadStream(path)) {
    const bytes = chunk as Buffer
    hash.update(bytes)
    if (!isText) continue
    try {
      if (bytes.includes(0)) isText = false
      else decoder.decode(bytes, { stream: true })
    } catch {
      isText = false
    }
  }
  if (isText) {
    try {
      decoder.decode()
    } catch {
      isText = false
    }
  }
  return { isText, sha256: hash.digest('hex') }
}
