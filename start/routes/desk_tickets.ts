/*
| Routes: desk_tickets (imported by start/routes.ts).
*/
export {}
