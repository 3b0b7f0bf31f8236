/**
 * Every job handler. Modules register their handlers when loaded; naming their job constants here
 * (and using them in the worker set-up) keeps the bundler from dropping a module whose only effect
 * is that registration ("sideEffects": false).
 */
import { PACKAGE_HLS } from '~/media/hls.server'
import { PROCESS_VIDEO } from '~/media/process.server'
import { FANOUT } from '~/models/updates.server'

/** Jobs that may take minutes (transcoding, packaging): a lane of their own, one at a time. */
export const SLOW_JOBS = [PROCESS_VIDEO, PACKAGE_HLS]
export const ALL_JOBS = [PROCESS_VIDEO, PACKAGE_HLS, FANOUT]
