/**
 * Every job handler. Modules register their handlers when loaded; naming their job constants here
 * (and using them in the worker set-up) keeps the bundler from dropping a module whose only effect
 * is that registration ("sideEffects": false).
 */
import { PROCESS_VIDEO } from '~/media/process.server'
import { FANOUT } from '~/models/updates.server'

/** Jobs that may take minutes (transcoding): a lane of their own. */
export const SLOW_JOBS = [PROCESS_VIDEO]
export const ALL_JOBS = [PROCESS_VIDEO, FANOUT]
