// Time helpers. The plan lives in America/Sao_Paulo (NOTES §6); the wire carries ISO-8601 instants in
// UTC and ISO-8601 durations. Durations are whole seconds because the spec's `format: duration`
// (RFC 3339 appendix A) has no fractional seconds.

export const PLAN_TIME_ZONE = 'America/Sao_Paulo';
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** `PT1H5M30S` for 3_930_000 ms; `PT0S` for zero. Days are folded into hours, as java.time.Duration does. */
export function isoDuration(ms: number): string {
  let seconds = Math.max(0, Math.round(ms / 1000));
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  let out = 'PT';
  if (hours) out += `${hours}H`;
  if (minutes) out += `${minutes}M`;
  if (seconds || out === 'PT') out += `${seconds}S`;
  return out;
}

const DURATION_RE = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Parses the `PnDTnHnMnS` subset of ISO-8601 durations; undefined when it does not parse. */
export function parseIsoDuration(text: string): number | undefined {
  const m = DURATION_RE.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) return undefined;
  const [, d, h, min, s] = m;
  return (Number(d ?? 0) * 24 * 3600 + Number(h ?? 0) * 3600 + Number(min ?? 0) * 60 + Number(s ?? 0)) * 1000;
}

/** Wall-clock parts of an instant in the plan time zone. */
export function localParts(
  ms: number,
  timeZone = PLAN_TIME_ZONE,
): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number> {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const parts: Record<string, number> = {};
  for (const p of fmt.formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return {
    year: parts['year'] ?? 1970,
    month: parts['month'] ?? 1,
    day: parts['day'] ?? 1,
    hour: parts['hour'] ?? 0,
    minute: parts['minute'] ?? 0,
    second: parts['second'] ?? 0,
  };
}

/** Offset of the time zone from UTC at `ms`, in ms (negative west of Greenwich). */
export function zoneOffset(ms: number, timeZone = PLAN_TIME_ZONE): number {
  const p = localParts(ms, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/**
 * Start of the plan that is current at `now`: the latest 00:05 local that is at least `minAgeMs` before
 * `now`. The showcase history (hours of completed jobs) must lie inside the plan, hence the minimum age
 * [INFERRED]; a real plan runs 00:05 → 00:05 and is extended by planman.
 */
export function planStartFor(now: number, minAgeMs = 8 * HOUR): number {
  const ref = now - minAgeMs;
  const p = localParts(ref);
  const offset = zoneOffset(ref);
  let start = Date.UTC(p.year, p.month - 1, p.day, 0, 5, 0) - offset;
  if (start > ref) start -= DAY;
  return start;
}

/** `0005 03/09/26`: the sched-time label conman prints in job keys and stdlist headers. */
export function conmanSchedLabel(ms: number): string {
  const p = localParts(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(p.hour)}${two(p.minute)} ${two(p.month)}/${two(p.day)}/${two(p.year % 100)}`;
}

/** `Mon Mar  9 10:12:03 -03 2026`-style local timestamp used inside job logs. */
export function logTimestamp(ms: number): string {
  const p = localParts(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  const offsetH = Math.round(zoneOffset(ms) / HOUR);
  const sign = offsetH < 0 ? '-' : '+';
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}:${two(p.second)} ${sign}${two(Math.abs(offsetH))}`;
}
