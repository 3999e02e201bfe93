/*
| Routes: audit (imported by start/routes.ts).
*/
export {}
