/*
| Routes: api_tickets (imported by start/routes.ts).
*/
export {}
