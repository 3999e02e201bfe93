/**
 * The timer's display: an Alpine component (the app runs Alpine's CSP
 * build, so components are registered with Alpine.data, never written as
 * inline expressions). The timer itself lives in the database; this only
 * counts the seconds on from what the page was rendered with.
 *
 * A browser module built by Vite (the manifest's `assets`): every page
 * includes it while the organization has the plugin on, before the app's
 * own module starts Alpine.
 */
interface AlpineLike {
  data(name: string, factory: () => object): void
}
interface TimerState {
  $el: HTMLElement
  elapsed: string
  handle: ReturnType<typeof setInterval> | undefined
}

/** 3725 s → "1:02:05". */
function format(seconds: number) {
  const whole = Math.max(0, Math.floor(seconds))
  const pad = (value: number) => String(value).padStart(2, '0')
  return `${Math.floor(whole / 3600)}:${pad(Math.floor(whole / 60) % 60)}:${pad(whole % 60)}`
}

function define(alpine: AlpineLike) {
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
}

const page = window as unknown as { Alpine?: AlpineLike }
// Alpine is started by the app's module, which runs after this one.
if (page.Alpine) define(page.Alpine)
else document.addEventListener('alpine:init', () => define(page.Alpine!))
