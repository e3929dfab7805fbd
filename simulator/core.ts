// The simulated master minus HTTP: dataset, plan state, engine and clock, plus the operational records
// tests read (action log, request counters). Handlers receive this object; startSimulator() owns it.
import { buildState } from './dataset/build.js';
import { defaultDataset } from './dataset/default.js';
import { generateDataset } from './dataset/generator.js';
import { Engine } from './engine/engine.js';
import { SimClock } from './clock.js';
import type { PlanState } from './plan/state.js';
import type { ActionRecord, DatasetOptions, SimulatorOptions } from './types.js';

export class SimCore {
  state!: PlanState;
  engine!: Engine;
  readonly clock: SimClock;
  readonly actionLog: ActionRecord[] = [];
  readonly requestCounts = new Map<string, number>();
  private readonly dataset: DatasetOptions;
  private readonly launchDelayMs: number;

  constructor(options: SimulatorOptions) {
    this.dataset = options.dataset ?? { kind: 'default' };
    this.launchDelayMs = options.launchDelayMs ?? 1000;
    this.clock = new SimClock(options.clock ?? { mode: 'real', speed: 1, tickMs: 1000 }, () => this.sync());
    this.load();
  }

  /** Builds the dataset as of the current simulated time. */
  private load(): void {
    // Whole seconds, so the dataset's timestamps and durations are round.
    const now = Math.floor(this.clock.now() / 1000) * 1000;
    if (this.dataset.kind === 'generated') {
      const spec = generateDataset(
        { jobs: this.dataset.jobs, ...(this.dataset.seed !== undefined ? { seed: this.dataset.seed } : {}) },
        now,
      );
      this.state = buildState(spec, now);
      // Generated plans are simulated from their start, so what is done by now is the engine's outcome.
      this.engine = new Engine(this.state, spec.planStart, { launchDelayMs: this.launchDelayMs });
      this.engine.initialize();
      this.engine.advanceTo(now);
    } else {
      this.state = buildState(defaultDataset(now), now);
      this.engine = new Engine(this.state, now, { launchDelayMs: this.launchDelayMs });
      this.engine.initialize();
    }
  }

  /** Runs the plan up to the clock's time; called on every tick and before every request. */
  sync(): void {
    this.engine.advanceTo(this.clock.now());
  }

  now(): number {
    this.sync();
    return this.engine.now;
  }

  reset(): void {
    this.clock.rewind();
    this.load();
    this.actionLog.length = 0;
    this.requestCounts.clear();
  }

  countRequest(path: string): void {
    this.requestCounts.set(path, (this.requestCounts.get(path) ?? 0) + 1);
  }

  stats(): Record<string, number> {
    return Object.fromEntries(this.requestCounts);
  }
}
