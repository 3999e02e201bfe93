import { defineConfig } from '@adonisjs/core/bodyparser'
import attachmentsConfig from '#config/attachments'

const bodyParserConfig = defineConfig({
  allowedMethods: ['POST', 'PUT', 'PATCH', 'DELETE'],

  form: {
    convertEmptyStringsToNull: true,
    types: ['application/x-www-form-urlencoded'],
  },

  json: {
    convertEmptyStringsToNull: true,
    types: [
      'application/json',
      'application/json-patch+json',
      'application/vnd.api+json',
      'application/csp-report',
    ],
  },

  multipart: {
    /**
     * Only the routes that take uploads stream files to the temporary
     * folder (patterns as declared in start/routes/*, prefix included).
     * Elsewhere app/middleware/multipart_guard_middleware.ts reads the
     * fields of a multipart form and refuses its files unread. A route
     * that takes files (a plugin's too) must be listed here.
     */
    autoProcess: [
      // Portal: a new request, a reply.
      '/tickets',
      '/tickets/:number/comments',
      // Desk: a new ticket, a reply or internal note.
      '/desk/tickets',
      '/desk/tickets/:number/comments',
      // API: files on a ticket or comment.
      '/api/v1/tickets/:number/attachments',
    ],
    convertEmptyStringsToNull: true,
    processManually: [],
    // Derived from ATTACHMENT_MAX_MB (config/attachments.ts).
    limit: attachmentsConfig.multipartLimit,
    types: ['multipart/form-data'],
  },
})

export default bodyParserConfig
