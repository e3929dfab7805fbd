// Min-heap of timed engine events, ordered by time then insertion sequence (so equal times keep FIFO
// order and runs are deterministic).

export interface TimedEvent {
  at: number;
  seq: number;
  jobId: string;
  version: number;
  kind: 'launch' | 'finish' | 'time';
}

export class EventHeap {
  private items: TimedEvent[] = [];
  private seq = 0;

  get size(): number {
    return this.items.length;
  }

  push(event: Omit<TimedEvent, 'seq'>): void {
    const item = { ...event, seq: this.seq++ };
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(item, a[parent] as TimedEvent)) break;
      a[i] = a[parent] as TimedEvent;
      i = parent;
    }
    a[i] = item;
  }

  peek(): TimedEvent | undefined {
    return this.items[0];
  }

  pop(): TimedEvent | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length === 0 || !last) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= a.length) break;
      const r = l + 1;
      const child = r < a.length && less(a[r] as TimedEvent, a[l] as TimedEvent) ? r : l;
      if (!less(a[child] as TimedEvent, last)) break;
      a[i] = a[child] as TimedEvent;
      i = child;
    }
    a[i] = last;
    return top;
  }

  clear(): void {
    this.items = [];
  }
}

function less(a: TimedEvent, b: TimedEvent): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
