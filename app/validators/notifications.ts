import vine from '@vinejs/vine'
import { KIND_NAMES } from '#services/notifications/kinds'

/** The preferences form: one checkbox per kind ("on" when ticked, absent otherwise). */
export const notificationPreferencesValidator = vine.compile(
  vine.object({
    email: vine
      .object(Object.fromEntries(KIND_NAMES.map((kind) => [kind, vine.accepted().optional()])))
      .optional(),
  })
)
