import type { HttpContext } from '@adonisjs/core/http'
import logger from '@adonisjs/core/services/logger'
import queue from '@rlanz/bull-queue/services/main'
import BusinessCalendar from '#models/business_calendar'
import SlaPolicy from '#models/sla_policy'
import { TICKET_PRIORITIES } from '#models/ticket'
import SaveBusinessCalendar from '#actions/sla/save_business_calendar'
import SaveSlaPolicies, { type PolicyKey } from '#actions/sla/save_sla_policies'
import RecalculateSlaJob from '#jobs/recalculate_sla_job'
import SlaSettingsPolicy from '#policies/sla_settings_policy'
import { auditActorFrom } from '#services/audit/audit_trail'
import {
  WEEKDAYS,
  formatDayIntervals,
  formatHolidays,
  formatMinutes,
} from '#services/sla/calendar_text'
import { calendarValidator, policiesValidator } from '#validators/sla'
import type { Holiday } from '#models/business_calendar'
import type { BusinessCalendar as CalendarShape } from '#services/sla/business_time'

const POLICY_KEYS: PolicyKey[] = ['default', ...[...TICKET_PRIORITIES].reverse()]

/**
 * Desk → SLA (managers and admins): business calendars and the policies
 * per priority. A change of either recalculates the due dates of the
 * organization's open tickets in the worker.
 */
export default class SlaSettingsController {
  async index({ view, organization, bouncer }: HttpContext) {
    await bouncer.with(SlaSettingsPolicy).authorize('view')
    const calendars = await BusinessCalendar.query()
      .where('organization_id', organization!.id)
      .orderBy('name')
    const policies = await SlaPolicy.query().where('organization_id', organization!.id)
    const rows = POLICY_KEYS.map((key) => ({
      key,
      policy: policies.find((policy) => (policy.priority ?? 'default') === key) ?? null,
    }))
    return view.render('pages/desk/sla/index', {
      calendars,
      rows,
      weekdays: WEEKDAYS,
      formatDayIntervals,
      formatMinutes,
    })
  }

  async createCalendar({ view, bouncer, organization }: HttpContext) {
    await bouncer.with(SlaSettingsPolicy).authorize('saveCalendar', null)
    return view.render('pages/desk/sla/calendar_form', {
      calendar: null,
      values: {
        name: '',
        time_zone: organization!.timeZone,
        days: Object.fromEntries(
          WEEKDAYS.map(({ day }) => [day, day >= 1 && day <= 5 ? '09:00-17:00' : ''])
        ),
        holidays: '',
      },
      ...formOptions(),
    })
  }

  async editCalendar({ view, bouncer, params, organization }: HttpContext) {
    const calendar = await findCalendar(organization!.id, params.id)
    await bouncer.with(SlaSettingsPolicy).authorize('saveCalendar', calendar)
    return view.render('pages/desk/sla/calendar_form', {
      calendar,
      values: {
        name: calendar.name,
        time_zone: calendar.timeZone,
        days: Object.fromEntries(
          WEEKDAYS.map(({ day }) => [day, formatDayIntervals(calendar.week, day)])
        ),
        holidays: formatHolidays(calendar.holidays),
      },
      ...formOptions(),
    })
  }

  async storeCalendar(ctx: HttpContext) {
    await ctx.bouncer.with(SlaSettingsPolicy).authorize('saveCalendar', null)
    return saveCalendar(ctx)
  }

  async updateCalendar(ctx: HttpContext) {
    const calendar = await findCalendar(ctx.organization!.id, ctx.params.id)
    await ctx.bouncer.with(SlaSettingsPolicy).authorize('saveCalendar', calendar)
    return saveCalendar(ctx, calendar)
  }

  async updatePolicies(ctx: HttpContext) {
    const { request, bouncer, organization, auth, session, response } = ctx
    await bouncer.with(SlaSettingsPolicy).authorize('savePolicies')
    const { policies } = await request.validateUsing(policiesValidator)
    const rows = Object.fromEntries(
      Object.entries(policies).flatMap(([key, row]) =>
        row === undefined
          ? []
          : [
              [
                key,
                {
                  calendarId: row.calendar_id,
                  firstResponseMinutes: row.first_response as unknown as number | undefined,
                  resolutionMinutes: row.resolution as unknown as number | undefined,
                },
              ],
            ]
      )
    )
    const changed = await SaveSlaPolicies.handle(
      organization!.id,
      rows,
      auditActorFrom(ctx, auth.use('web').user!)
    )
    session.flash(
      'success',
      changed ? await recalculateLater(organization!.id, 'Policies saved.') : 'Nothing changed.'
    )
    return response.redirect().toRoute('desk.sla.index')
  }
}

async function saveCalendar(ctx: HttpContext, calendar?: BusinessCalendar) {
  const { request, organization, auth, session, response } = ctx
  const input = await request.validateUsing(calendarValidator)
  const week = WEEKDAYS.flatMap(({ day }) => {
    const intervals = input[`day_${day}`] as unknown as
      | Array<{ start: string; end: string }>
      | undefined
    return (intervals ?? []).map((interval) => ({ day, ...interval }))
  }) as CalendarShape['week']
  const saved = await SaveBusinessCalendar.handle(
    organization!.id,
    {
      name: input.name,
      timeZone: input.time_zone,
      week,
      holidays: (input.holidays as unknown as Holiday[] | undefined) ?? [],
    },
    auditActorFrom(ctx, auth.use('web').user!),
    calendar
  )
  const message = `Calendar “${saved.name}” saved.`
  session.flash('success', calendar ? await recalculateLater(organization!.id, message) : message)
  return response.redirect().toRoute('desk.sla.index')
}

/**
 * Queues the recalculation of the organization's open tickets. With the
 * queue unreachable the change is kept and the page says how to finish.
 */
async function recalculateLater(organizationId: number, message: string) {
  try {
    await queue.dispatch(RecalculateSlaJob, { organizationId }, { queueName: 'sla' })
    return `${message} Open tickets get their new due dates in a moment.`
  } catch (error) {
    logger.error({ err: error, organizationId }, 'could not queue the SLA recalculation')
    return `${message} Open tickets keep their due dates until an operator runs “node ace sla:recalculate”.`
  }
}

function findCalendar(organizationId: number, id: unknown) {
  return BusinessCalendar.query()
    .where('organization_id', organizationId)
    .where('id', Number(id) || 0)
    .firstOrFail()
}

function formOptions() {
  return { weekdays: WEEKDAYS, timeZones: Intl.supportedValuesOf('timeZone') }
}
