/*
| Kit (the core's public surface for plugins): the base class of ace
| commands, with the core commands' way of refusing (one line on stderr,
| exit code 1) and their checks of --organization and --user.
*/
export { default } from '../../commands/_atum_command.js'
