/**
 * Tags are short lower-case words: trimmed, de-duplicated, at most 20 of at
 * most 40 characters each.
 */
export function normalizeTags(tags: string[]) {
  const seen = new Set<string>()
  for (const tag of tags) {
    const clean = tag.trim().toLowerCase().replace(/\s+/g, '-').slice(0, 40)
    if (clean) seen.add(clean)
  }
  return [...seen].slice(0, 20)
}
