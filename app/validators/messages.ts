import { SimpleMessagesProvider } from '@vinejs/vine'

/**
 * The wording of VineJS errors everywhere (forms, API, ace commands): human
 * field names and messages a person understands. Installed by
 * providers/validation_provider.ts before any validator is compiled
 * (validators capture the provider when they are compiled).
 */
export const messagesProvider = new SimpleMessagesProvider(
  {
    required: 'The {{ field }} is required',
    string: 'The {{ field }} must be text',
    email: 'The {{ field }} must be a valid email address',
    minLength: 'The {{ field }} must have at least {{ min }} characters',
    maxLength: 'The {{ field }} must have at most {{ max }} characters',
    enum: 'The {{ field }} must be one of: {{ choices }}',
    confirmed: 'The two passwords do not match',
    regex: 'The {{ field }} has characters that are not allowed',
    number: 'The {{ field }} must be a number',
    boolean: 'The {{ field }} must be yes or no',
  },
  {
    full_name: 'name',
    fullName: 'name',
    time_zone: 'time zone',
    timeZone: 'time zone',
    current_password: 'current password',
    password_confirmation: 'password confirmation',
    organization_id: 'organization',
    locale: 'language',
    body: 'message',
  }
)
