// Simulated time. `real` follows the wall clock times `speed` and ticks every `tickMs` so the plan moves
// on its own; `manual` stands still until advance(). Both accept advance() (a jump forward).
import type { ClockOptions } from './types.js';

export class SimClock {
  private readonly base: number;
  private readonly realBase = Date.now();
  private offset = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly options: ClockOptions,
    private readonly onTick: () => void,
  ) {
    this.base = options.mode === 'manual' ? (options.now?.getTime() ?? Date.now()) : Date.now();
  }

  now(): number {
    if (this.options.mode === 'manual') return this.base + this.offset;
    const speed = this.options.speed ?? 1;
    return this.base + (Date.now() - this.realBase) * speed + this.offset;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advance() needs a non-negative number of ms');
    this.offset += ms;
    this.onTick();
  }

  /** Back to the start time (manual) or to the wall clock (real). */
  rewind(): void {
    if (this.options.mode === 'manual') {
      this.offset = 0;
      return;
    }
    const wall = Date.now();
    this.offset = wall - this.base - (wall - this.realBase) * (this.options.speed ?? 1);
  }

  start(): void {
    if (this.options.mode !== 'real' || this.timer) return;
    this.timer = setInterval(this.onTick, this.options.tickMs ?? 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
