/*
| Kit (the core's public surface for plugins): answering pages and htmx
| requests the way core controllers do (form problems shown beside the
| form, refusals as a fragment for htmx, a page otherwise).
*/
export { answerRefusal, formProblem, isHtmx, shareFormProblem, type FormProblem } from '#http/htmx'
