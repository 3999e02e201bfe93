/*
| Kit (the core's public surface for plugins): the desk's public address,
| for absolute links (mail, links pasted into replies).
*/
export { appUrl } from '#config/app'
