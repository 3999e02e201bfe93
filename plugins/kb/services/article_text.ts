import sanitizeHtml from 'sanitize-html'
import { renderMarkdown } from '#kit/markdown'

/** Control characters (except tab and line breaks): never part of an article. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&#x27;': "'",
  '&nbsp;': ' ',
}

/**
 * An article body as stored: the Markdown without control characters (the
 * search snippets use two of them as highlight markers), its sanitized
 * HTML (the core's Markdown renderer), and its plain text (search,
 * snippets, meta description), taken from that HTML.
 */
export function articleText(markdown: string) {
  const body = markdown.replace(CONTROL, '')
  const bodyHtml = renderMarkdown(body)
  // Blocks end with a line break in markdown-it's output, so words stay apart.
  const stripped = sanitizeHtml(bodyHtml, { allowedTags: [], allowedAttributes: {} })
  const bodyText = stripped
    .replace(/&(amp|lt|gt|quot|nbsp|#39|#x27);/g, (entity) => ENTITIES[entity] ?? entity)
    .replace(/[ \t]+/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
  return { body, bodyHtml, bodyText }
}

/** Reserved: path segments of the help center that are not articles. */
const RESERVED_SLUGS = new Set(['search', 'categories', 'articles', 'new'])

/** "Réinitialiser le mot de passe!" → "reinitialiser-le-mot-de-passe". */
export function slugify(text: string, fallback = 'article') {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100)
    .replace(/-+$/g, '')
  if (!slug) return fallback
  return RESERVED_SLUGS.has(slug) ? `${slug}-${fallback}` : slug
}
