/*
| Search snippets, shared by the desk's ticket search and plugins' searches
| (the knowledge base): PostgreSQL's ts_headline marks the matched words
| with two control characters, which typed text cannot contain, and the
| template prints the pieces between them one by one, each escaped.
*/

/** Marks the start and the end of a matched word in a snippet. */
export const SNIPPET_START = '\u0001'
export const SNIPPET_STOP = '\u0002'

/**
 * The options of ts_headline for a snippet of about `maxWords` words in at
 * most two fragments, with the matched words between the markers.
 */
export function snippetHeadlineOptions(maxWords: number) {
  return `StartSel=${SNIPPET_START}, StopSel=${SNIPPET_STOP}, MaxWords=${maxWords}, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`
}

/**
 * A snippet cut into plain and highlighted parts, for the template to
 * print each escaped (the text is user-written: never printed raw).
 */
export function snippetParts(text: string) {
  const parts: Array<{ text: string; highlighted: boolean }> = []
  // eslint-disable-next-line no-control-regex
  for (const [index, piece] of text.split(/[\u0001\u0002]/).entries()) {
    if (piece) parts.push({ text: piece, highlighted: index % 2 === 1 })
  }
  return parts
}
