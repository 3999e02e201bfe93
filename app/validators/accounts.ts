import vine from '@vinejs/vine'
import { DateTime } from 'luxon'
import { ROLES } from '#models/membership'
import { newPassword } from '#validators/auth'

/** An IANA time zone that luxon knows (Europe/Berlin, America/New_York, UTC, …). */
const timeZone = () =>
  vine
    .string()
    .trim()
    .maxLength(64)
    .use(
      vine.createRule((value, _, field) => {
        if (typeof value !== 'string' || !DateTime.local().setZone(value).isValid) {
          field.report(
            'The {{ field }} field must be a time zone such as Europe/Berlin',
            'timezone',
            field
          )
        }
      })()
    )

/** Languages a person may choose, with their own names. */
export const LOCALE_NAMES = {
  en: 'English',
  de: 'Deutsch',
  fr: 'Français',
  es: 'Español',
  it: 'Italiano',
  nl: 'Nederlands',
  pt: 'Português',
} as const
export const LOCALES = Object.keys(LOCALE_NAMES) as Array<keyof typeof LOCALE_NAMES>

export const profileValidator = vine.compile(
  vine.object({
    full_name: vine.string().trim().minLength(1).maxLength(120),
    locale: vine.enum(LOCALES),
    time_zone: timeZone(),
  })
)

export const changePasswordValidator = vine.compile(
  vine.object({
    current_password: vine.string().maxLength(200),
    password: newPassword().confirmed(),
  })
)

export const roleValidator = vine.compile(vine.object({ role: vine.enum(ROLES) }))

export const inviteValidator = vine.compile(
  vine.object({
    email: vine.string().trim().email().maxLength(254),
    role: vine.enum(ROLES),
  })
)

export const accessTokenValidator = vine.compile(
  vine.object({ name: vine.string().trim().minLength(1).maxLength(80) })
)

export const createOrganizationValidator = vine.compile(
  vine.object({
    name: vine.string().trim().minLength(2).maxLength(120),
    slug: vine
      .string()
      .trim()
      .minLength(2)
      .maxLength(60)
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
    timeZone: timeZone(),
  })
)

export const createUserValidator = vine.compile(
  vine.object({
    email: vine.string().trim().email().maxLength(254),
    fullName: vine.string().trim().minLength(1).maxLength(120),
    role: vine.enum(ROLES),
    password: newPassword().optional(),
  })
)
