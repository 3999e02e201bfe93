/*
| Routes: attachments (imported by start/routes.ts).
*/
export {}
