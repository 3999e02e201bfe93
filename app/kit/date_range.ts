/*
| Kit (the core's public surface for plugins): the one reader of a date
| range ("from"/"to" days of a query string or flags, read in a zone, as
| Luxon DateTimes), the same the core's audit and SLA pages use.
*/
export {
  DATE_RANGE_MESSAGES,
  fieldErrors,
  optionalDateRange,
  parseDay,
  requiredDateRange,
  type DateRangeMeta,
  type DateRangeOptions,
} from '#validators/date_range'
