/**
 * A worker loop of the background runner: runs `step` at once when woken (a NOTIFY on its channel),
 * every `pollMs` otherwise (work that came due, a missed notification), and again straight away
 * while a step reports more work — with at most `lanes` steps at once. A failing step is logged
 * and tried again at the next poll.
 */
import { logger } from '~/utils/logger.server'

export interface Loop {
  wake(): void
  /** Stops polling and waits (up to 10 s) for the steps under way, so the database closes after them. */
  stop(): Promise<void>
}

export function startLoop(name: string, step: () => Promise<boolean>, { pollMs = 1_000, lanes = 1 }: { pollMs?: number; lanes?: number } = {}): Loop {
  let running = 0
  let again = false
  let stopped = false
  let timer: NodeJS.Timeout | undefined

  const wake = () => {
    if (stopped) return
    if (running >= lanes) {
      again = true
      return
    }
    running++
    step()
      .then(
        (more) => {
          if (more) again = true
        },
        (error: unknown) => logger.error({ err: error }, name),
      )
      .finally(() => {
        running--
        if (again && !stopped) {
          again = false
          wake()
        }
      })
  }
  const poll = () => {
    wake()
    timer = setTimeout(poll, pollMs)
    timer.unref()
  }
  poll()

  return {
    wake,
    async stop() {
      stopped = true
      clearTimeout(timer)
      for (let waited = 0; running > 0 && waited < 10_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20))
    },
  }
}
