/** Most lines `Job.log(tail:)` returns, and so all of a log tws ever keeps. */
export const MAX_TAIL = 1000;

/**
 * Bytes read from the end of a job log: room for MAX_TAIL lines of ~256 characters. A log's
 * cache entry stays this small (the whole stdlist of a chatty job can be many MiB).
 */
export const LOG_READ_BYTES = 256 * 1024;

/** Last `n` lines, without the trailing newline most logs end with. */
export function tailLines(text: string, n: number): string {
  const lines = text.replace(/\r?\n$/, '').split(/\r?\n/);
  return lines.slice(-n).join('\n');
}

/** What tws keeps of a log read from its end: whole lines only (a cut first line is dropped), at most MAX_TAIL. */
export function keptLog(text: string, truncated: boolean): string {
  const newline = truncated ? text.indexOf('\n') : -1;
  return tailLines(newline >= 0 ? text.slice(newline + 1) : text, MAX_TAIL);
}
