import type Actor from '#actions/actor'
import type { ReportRange } from '../services/report_range.js'
import { timeCsvChunks } from '../services/time_csv.js'

/**
 * The CSV export of the actor's organization's time over a range: the report
 * page's download and `node ace time:export` both call it, so they write
 * the same bytes.
 */
export default class ExportTimeCsv {
  static handle(actor: Actor, { range }: { range: ReportRange }) {
    const organization = actor.organizationOrFail()
    return {
      filename: `time-${organization.slug}-${range.from}-to-${range.to}.csv`,
      chunks: timeCsvChunks(organization.id, range),
    }
  }
}
