import vine from '@vinejs/vine'
import plugins from '#kit/plugins'

/**
 * Text-search configurations an organization may choose for its articles
 * (PostgreSQL's built-in ones: stemming and stop words of the language;
 * "simple" does neither).
 */
export const SEARCH_LANGUAGES = [
  'simple',
  'danish',
  'dutch',
  'english',
  'finnish',
  'french',
  'german',
  'hungarian',
  'italian',
  'norwegian',
  'portuguese',
  'romanian',
  'russian',
  'spanish',
  'swedish',
  'turkish',
] as const
export type SearchLanguage = (typeof SEARCH_LANGUAGES)[number]

export const DEFAULT_SETTINGS = { language: 'english', title: 'Help center' }

export const settingsValidator = vine.compile(
  vine.object({
    language: vine.enum(SEARCH_LANGUAGES),
    title: vine.string().trim().minLength(2).maxLength(80),
  })
)

export interface KbSettings {
  language: SearchLanguage
  /** The help center's name, shown on its pages. */
  title: string
}

/** An organization's settings of the plugin (defaults until it saves its own). */
export async function kbSettingsFor(organizationId: number): Promise<KbSettings> {
  const stored = await plugins.settingsFor('kb', organizationId)
  const language = SEARCH_LANGUAGES.includes(stored.language as SearchLanguage)
    ? (stored.language as SearchLanguage)
    : 'english'
  const title = typeof stored.title === 'string' && stored.title ? stored.title : 'Help center'
  return { language, title }
}
