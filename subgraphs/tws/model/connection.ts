import { BadUserInputError } from '../../../core/errors/index.js';
import type { Page } from './records.js';

export const MAX_PAGE = 500;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

/**
 * Relay cursors over HWA's offset paging: a cursor is the opaque position of an item. The plan
 * moves between requests, so a cursor means "after the Nth match", not "after this job".
 */
export function cursorOf(offset: number): string {
  return Buffer.from(`o:${offset}`, 'utf8').toString('base64url');
}

export function offsetOf(cursor: string): number {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^o:(\d{1,9})$/.exec(decoded);
  if (!match) throw new BadUserInputError('Invalid cursor: pass an endCursor or cursor from a previous page');
  return Number(match[1]);
}

export function pageWindow({ first, after }: PageArgs, fallback = 50): { offset: number; limit: number } {
  const limit = first ?? fallback;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
    throw new BadUserInputError(`first must be between 1 and ${MAX_PAGE}`);
  }
  return { offset: after ? offsetOf(after) + 1 : 0, limit };
}

export function toConnection<T>(page: Page<T>, offset: number) {
  const edges = page.items.map((node, i) => ({ cursor: cursorOf(offset + i), node }));
  return {
    edges,
    totalCount: page.total,
    pageInfo: {
      hasNextPage: offset + page.items.length < page.total,
      hasPreviousPage: offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
