import MarkdownIt from 'markdown-it'
import sanitizeHtml from 'sanitize-html'

/**
 * Markdown written by customers and staff, rendered once at write time.
 * markdown-it runs with raw HTML disabled (any tag is shown as text) and
 * its link validation (no javascript:, vbscript:, data: except images);
 * sanitize-html then keeps only a small allow-list of tags and attributes,
 * as a second, independent line of defence.
 */
const markdown = new MarkdownIt({ html: false, linkify: true, breaks: true })

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'strong',
    'em',
    's',
    'code',
    'pre',
    'blockquote',
    'ul',
    'ol',
    'li',
    'a',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'hr',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
  ],
  allowedAttributes: { a: ['href', 'title', 'rel', 'target'], th: ['align'], td: ['align'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow noopener noreferrer', target: '_blank' }),
  },
}

export function renderMarkdown(source: string): string {
  return sanitizeHtml(markdown.render(source), SANITIZE)
}
