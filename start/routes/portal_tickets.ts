/*
| Routes: portal_tickets (imported by start/routes.ts).
*/
export {}
