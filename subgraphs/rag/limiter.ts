/**
 * At most `slots` tasks run at once; the others wait in arrival order. A slot is handed straight
 * to the next waiter when a task settles, so a late arrival never overtakes the queue.
 */
export function createLimiter(slots: number) {
  let busy = 0;
  const waiting: Array<() => void> = [];
  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (busy >= slots) await new Promise<void>((resolve) => waiting.push(resolve));
      else busy++;
      try {
        return await task();
      } finally {
        const next = waiting.shift();
        if (next) next();
        else busy--;
      }
    },
    /** Tasks running now (for tests and metrics). */
    active: () => busy,
  };
}
