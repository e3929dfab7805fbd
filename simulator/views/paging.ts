// The V2 list envelope (PaginatedResponse*): `{ count, results, next?, previous? }`. `next`/`previous`
// are absolute URLs of the neighbouring pages. `Include-Count: false` drops `count` [INFERRED: the spec
// says the header controls "the total amount of items"].

export interface Page<T> {
  count?: number;
  results: T[];
  next?: string;
  previous?: string;
}

export interface PageRequest {
  limit: number;
  offset: number;
  includeCount: boolean;
  /** The request URL, used to build next/previous. */
  url: URL;
}

export function paginate<T, R>(items: readonly T[], req: PageRequest, render: (item: T) => R): Page<R> {
  const slice = items.slice(req.offset, req.offset + req.limit);
  const page: Page<R> = { results: slice.map(render) };
  if (req.includeCount) page.count = items.length;
  const link = (offset: number): string => {
    const u = new URL(req.url.href);
    u.searchParams.set('offset', String(offset));
    u.searchParams.set('limit', String(req.limit));
    return u.href;
  };
  if (req.limit > 0 && req.offset + req.limit < items.length) page.next = link(req.offset + req.limit);
  if (req.offset > 0 && req.limit > 0) page.previous = link(Math.max(0, req.offset - req.limit));
  // Key order as HCL serialises it: count, results, next, previous.
  return {
    ...(page.count !== undefined ? { count: page.count } : {}),
    results: page.results,
    ...(page.next ? { next: page.next } : {}),
    ...(page.previous ? { previous: page.previous } : {}),
  };
}
