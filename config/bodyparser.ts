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
     * Multipart bodies are read by app/middleware/multipart_guard_middleware.ts:
     * files are streamed to the temporary folder only on routes marked as
     * taking uploads (`middleware.uploads()`, a plugin's `kit.uploads`);
     * elsewhere the fields are read and a file refuses the request.
     */
    autoProcess: false,
    convertEmptyStringsToNull: true,
    processManually: [],
    // Derived from ATTACHMENT_MAX_MB (config/attachments.ts).
    limit: attachmentsConfig.multipartLimit,
    types: ['multipart/form-data'],
  },
})

export default bodyParserConfig
