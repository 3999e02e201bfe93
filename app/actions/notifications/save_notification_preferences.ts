import type Actor from '#actions/actor'
import { isNotificationKind, type NotificationKind } from '#services/notifications/kinds'
import { saveEmailPreferences } from '#services/notifications/preferences'

/**
 * Saves which kinds mail the person: every kind the form offered is on
 * when ticked and off when not; kinds the form did not offer keep theirs.
 */
export default class SaveNotificationPreferences {
  static async handle(
    actor: Actor,
    { offered, ticked }: { offered: string[]; ticked: Record<string, unknown> }
  ) {
    const user = actor.userOrFail()
    const choices: Partial<Record<NotificationKind, boolean>> = {}
    for (const kind of offered) {
      if (isNotificationKind(kind)) choices[kind] = !!ticked[kind]
    }
    await saveEmailPreferences(user.id, choices)
    return choices
  }
}
