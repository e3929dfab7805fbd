/** The longest delay setTimeout honours (about 24.8 days); longer ones fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Calls `onExpired` when `expiresAt` passes (at once if it already has). A token may outlive
 * setTimeout's limit, so a long wait is taken in steps, re-armed until the real expiry.
 * Returns the cancel function. The timer never holds the process open.
 */
export function atExpiry(expiresAt: Date, onExpired: () => void): () => void {
  let timer: NodeJS.Timeout;
  const arm = () => {
    const remaining = expiresAt.getTime() - Date.now();
    timer =
      remaining > MAX_TIMER_MS
        ? setTimeout(arm, MAX_TIMER_MS)
        : setTimeout(onExpired, Math.max(0, remaining));
    timer.unref();
  };
  arm();
  return () => clearTimeout(timer);
}
