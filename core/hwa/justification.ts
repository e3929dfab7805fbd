/**
 * HWA's audit headers, sent on every action so HWA's own audit links back to Resync: who acted,
 * why, and the approval or request id that authorised it.
 */
export interface Justification {
  /** Who: e.g. `resync:alice`. Sent as `Justification-Category`. */
  category: string;
  /** Why: the operator's reason, or what Resync did. Sent as `Justification-Description`. */
  description: string;
  /** The approval id (agent actions) or request id. Sent as `Justification-Ticket-Num`. */
  ticketNumber: string;
}

const MAX_HEADER_CHARS = 512;

/**
 * Header values must be printable ASCII: accents are folded (Portuguese reasons are common),
 * control characters dropped, and the length capped, so a reason can never break the request.
 */
export function headerSafe(value: string): string {
  const folded = value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return folded.slice(0, MAX_HEADER_CHARS);
}

export function justificationHeaders(j: Justification): Record<string, string> {
  return {
    'Justification-Category': headerSafe(j.category) || 'resync',
    'Justification-Description': headerSafe(j.description) || 'Action requested through Resync',
    'Justification-Ticket-Num': headerSafe(j.ticketNumber) || 'none',
  };
}
