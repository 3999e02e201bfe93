import type Organization from '#models/organization'
import type { ReportRange } from '../services/report_range.js'
import { timeCsvChunks } from '../services/time_csv.js'

/**
 * The CSV export of an organization's time over a range: the report
 * page's download and `node ace time:export` both call it, so they write
 * the same bytes.
 */
export default class ExportTimeCsv {
  static handle(organization: Organization, range: ReportRange) {
    return {
      filename: `time-${organization.slug}-${range.from}-to-${range.to}.csv`,
      chunks: timeCsvChunks(organization.id, range),
    }
  }
}
