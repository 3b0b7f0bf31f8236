/** Every job handler, registered by importing its module: the worker can run any job it claims. */
import '~/media/process.server'
import '~/models/updates.server'
