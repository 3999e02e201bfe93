import { Readable } from 'node:stream'
import type { HttpContext } from '@adonisjs/core/http'
import TimeEntryPolicy from '../policies/time_entry_policy.js'
import ExportTimeCsv from '../actions/export_time_csv.js'
import { checkReportRange, defaultReportRange } from '../services/report_range.js'
import { formatMinutes, timeReport } from '../services/time_report.js'

/** The form's values: what was asked (empty: missing), or the current month when nothing was. */
function requestedRange(ctx: HttpContext) {
  const { from, to } = ctx.request.qs()
  if (from === undefined && to === undefined) return defaultReportRange(ctx.organization!.timeZone)
  const given = (value: unknown) => (typeof value === 'string' && value !== '' ? value : '')
  return { from: given(from), to: given(to) }
}

/** An empty field is a missing one ("enter the first day"), not a bad date. */
function rangeInput(values: { from: string; to: string }) {
  return { from: values.from || undefined, to: values.to || undefined }
}

/**
 * Desk → Time reports (managers and admins): the current organization's
 * logged time over a date range, and its CSV export.
 */
export default class ReportsController {
  async index(ctx: HttpContext) {
    await ctx.bouncer.with(TimeEntryPolicy).authorize('viewReports')
    const values = requestedRange(ctx)
    const checked = await checkReportRange(rangeInput(values), 'page')
    const page = { values, formatMinutes }
    if (!checked.range) {
      ctx.response.status(422)
      return ctx.view.render('time_tracking::pages/report', { ...page, errors: checked.errors })
    }
    const pageNumber = Number.parseInt(String(ctx.request.input('page', '1')), 10) || 1
    const report = await timeReport(ctx.organization!, checked.range, pageNumber)
    return ctx.view.render('time_tracking::pages/report', { ...page, errors: {}, report })
  }

  async export(ctx: HttpContext) {
    await ctx.bouncer.with(TimeEntryPolicy).authorize('viewReports')
    const values = requestedRange(ctx)
    const checked = await checkReportRange(rangeInput(values), 'page')
    if (!checked.range) {
      ctx.response.status(422)
      return ctx.view.render('time_tracking::pages/report', {
        values,
        errors: checked.errors,
        formatMinutes,
      })
    }
    const { filename, chunks } = ExportTimeCsv.handle(ctx.organization!, checked.range)
    ctx.response.header('Content-Type', 'text/csv; charset=utf-8')
    // Slugs are lower-case letters, digits and dashes: the name needs no escaping.
    ctx.response.header('Content-Disposition', `attachment; filename="${filename}"`)
    ctx.response.stream(Readable.from(chunks))
  }
}
