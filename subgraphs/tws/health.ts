import type { HwaClient } from '../../core/hwa/index.js';
import type { ReadinessCheck } from '../../core/server/index.js';
import type { StatusPoller } from './poller/poller.js';

/**
 * `hwa` in /readyz (and so in `health`): how HWA is provided, the breaker state, and a cheap call
 * through the breaker. While the breaker is open the check fails without calling HWA; once it is
 * half-open this call is the trial that closes it again, so health recovers on its own.
 */
export function hwaReadiness(hwa: HwaClient, poller: StatusPoller): ReadinessCheck {
  return {
    name: 'hwa',
    kind: 'WORKLOAD_AUTOMATION',
    mode: hwa.mode,
    check: async () => {
      const before = hwa.breakerState();
      if (before === 'open')
        throw new Error(`${hwa.mode} at ${hwa.url}: circuit open (HWA calls are failing)`);
      await hwa.ping(1500);
      const poll = poller.state();
      const role = poll.leader ? `status poller leader, ${poll.jobs} jobs` : 'status poller standby';
      return {
        mode: hwa.mode,
        detail: `${hwa.url}; breaker ${hwa.breakerState()}; ${role}`,
        degraded: before === 'halfOpen',
      };
    },
  };
}
