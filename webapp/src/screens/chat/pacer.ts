/**
 * Shows streamed text at a readable pace. A server may send a whole answer in one network chunk
 * (extractive and cached answers are ready at once): the person should still see it arrive, and the
 * page should not re-render once per token either. The first piece is shown at once; what queues up
 * behind it is shown every `tickMs`, an eighth of the backlog at a time (so a long burst catches up
 * in a fraction of a second and a slow model is shown as it writes).
 */
export class Pacer {
  private queue: string[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private waiting: (() => void)[] = [];

  constructor(private readonly emit: (text: string) => void, private readonly tickMs = 30) {}

  push(text: string): void {
    if (!text) return;
    this.queue.push(text);
    if (this.timer === undefined) this.tick();
  }

  /** Runs `action` once everything pushed so far has been shown. */
  whenDrained(action: () => void): void {
    if (this.queue.length === 0 && this.timer === undefined) action();
    else this.waiting.push(action);
  }

  /** Shows the rest now (stopped, lost) and runs what waited. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queue.length) this.emit(this.queue.splice(0).join(''));
    this.drained();
  }

  /** Forgets everything (the turn is gone). */
  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.queue = [];
    this.waiting = [];
  }

  private tick(): void {
    const n = Math.max(1, Math.ceil(this.queue.length / 8));
    this.emit(this.queue.splice(0, n).join(''));
    // one more tick after the last piece, so a piece arriving right after is paced too
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.queue.length) this.tick();
      else this.drained();
    }, this.tickMs);
  }

  private drained(): void {
    const actions = this.waiting.splice(0);
    actions.forEach((a) => a());
  }
}
