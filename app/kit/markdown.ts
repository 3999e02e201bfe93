/*
| Kit (the core's public surface for plugins): Markdown rendered to safe
| HTML, as ticket comments are.
*/
export { renderMarkdown } from '#domain/markdown'
