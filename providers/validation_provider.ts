import vine from '@vinejs/vine'
import { messagesProvider } from '#validators/messages'

/**
 * Installs the app's validation messages before plugins or controllers
 * compile their validators.
 */
export default class ValidationProvider {
  register() {
    vine.messagesProvider = messagesProvider
  }
}
