/**
 * The timer's display: an Alpine component (the app runs Alpine's CSP
 * build, so components are registered with Alpine.data, never written as
 * inline expressions). The timer itself lives in the database; this only
 * counts the seconds on from what the page was rendered with.
 *
 * The function is written in TypeScript and served as its compiled source
 * (GET /time-tracking/timer.js, same origin, so the CSP allows it); it
 * must not use anything outside its own body.
 */
function registerTimeTrackingTimer() {
  interface AlpineLike {
    data(name: string, factory: () => object): void
  }
  interface TimerState {
    $el: HTMLElement
    elapsed: string
    handle: ReturnType<typeof setInterval> | undefined
  }

  const format = (seconds: number) => {
    const whole = Math.max(0, Math.floor(seconds))
    const pad = (value: number) => String(value).padStart(2, '0')
    return `${Math.floor(whole / 3600)}:${pad(Math.floor(whole / 60) % 60)}:${pad(whole % 60)}`
  }

  const define = (alpine: AlpineLike) =>
    alpine.data('timeTrackingTimer', () => ({
      elapsed: '',
      handle: undefined,
      init(this: TimerState) {
        // Counted from the page's own clock: a skewed client clock does not matter.
        const shownAt = performance.now()
        const base = Number(this.$el.dataset.elapsedSeconds ?? 0)
        const tick = () => {
          this.elapsed = format(base + (performance.now() - shownAt) / 1000)
        }
        tick()
        this.handle = setInterval(tick, 1000)
      },
      destroy(this: TimerState) {
        clearInterval(this.handle)
      },
    }))

  const page = window as unknown as { Alpine?: AlpineLike }
  // Loaded before the app's module starts Alpine; again after a htmx swap.
  if (page.Alpine) define(page.Alpine)
  else document.addEventListener('alpine:init', () => define(page.Alpine!))
}

export const TIMER_SCRIPT = `(${registerTimeTrackingTimer.toString()})();\n`
