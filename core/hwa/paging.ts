import type { Page } from './types.js';

/** Pages of HWA's `{count, results}` envelope, read until the end. */
export type PageFetcher<T> = (offset: number, limit: number) => Promise<Page<T>>;

/**
 * Walks every page of a V2 list: stops on a short or empty page or on reaching `count`. A page
 * limit guards against a server that never says "done". The plan moves while we read, so a walk is a best-effort snapshot (an object may shift between pages).
 */
export async function* walkPages<T>(
  fetchPage: PageFetcher<T>,
  pageSize: number,
  maxPages = 10_000,
): AsyncGenerator<T[]> {
  let offset = 0;
  for (let page = 0; page < maxPages; page++) {
    const { results = [], count } = await fetchPage(offset, pageSize);
    if (results.length > 0) yield results;
    offset += results.length;
    // `next` is optional in HCL's schema, so the end is a short page or reaching `count`.
    if (results.length < pageSize || (count !== undefined && offset >= count)) return;
  }
  throw new Error(`HWA list did not end after ${maxPages} pages of ${pageSize}`);
}

export async function collectPages<T>(fetchPage: PageFetcher<T>, pageSize: number): Promise<T[]> {
  const all: T[] = [];
  for await (const page of walkPages(fetchPage, pageSize)) all.push(...page);
  return all;
}
