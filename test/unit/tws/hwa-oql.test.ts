import { oql } from '../../../core/hwa/index.js';
import { headerSafe, justificationHeaders } from '../../../core/hwa/justification.js';
import { collectPages, walkPages } from '../../../core/hwa/paging.js';

describe('OQL building', () => {
  it('quotes values so input cannot change the query', () => {
    expect(oql.eq('name', "X' OR name LIKE '%")).toBe("name = 'X'' OR name LIKE ''%'");
    expect(oql.anyOf('commonStatus', ['ERROR', 'HELD'])).toBe(
      "(commonStatus = 'ERROR' OR commonStatus = 'HELD')",
    );
    expect(oql.anyOf('id', ['a'])).toBe("id = 'a'");
    expect(oql.and([oql.eq('a', '1'), undefined, oql.eq('b', '2')])).toBe("a = '1' AND b = '2'");
    expect(oql.and([undefined])).toBeUndefined();
  });

  it('accepts name patterns with * % @ ? wildcards and refuses anything else', () => {
    expect(oql.like('name', 'LOAD_*')).toBe("name LIKE 'LOAD_%'");
    expect(oql.likePattern(' RPT_?? ')).toBe('RPT_??');
    expect(() => oql.likePattern("A' OR 1=1")).toThrow(/Invalid name pattern/);
    expect(() => oql.likePattern('')).toThrow(/Invalid name pattern/);
  });
});

describe('Justification headers', () => {
  it('folds accents, drops control characters and caps the length', () => {
    expect(headerSafe('Reexecução após correção\r\nX-Injected: 1')).toBe(
      'Reexecucao apos correcao X-Injected: 1',
    );
    expect(headerSafe('é'.repeat(600))).toHaveLength(512);
  });

  it('always sends all three headers', () => {
    expect(justificationHeaders({ category: '', description: '\u0000', ticketNumber: 'CHG-1' })).toEqual({
      'Justification-Category': 'resync',
      'Justification-Description': 'Action requested through Resync',
      'Justification-Ticket-Num': 'CHG-1',
    });
  });
});

describe('paging helper', () => {
  const source = Array.from({ length: 25 }, (_, i) => i);
  const fetchPage = (calls: number[][], withCount: boolean) => async (offset: number, limit: number) => {
    calls.push([offset, limit]);
    const results = source.slice(offset, offset + limit);
    return withCount ? { count: source.length, results } : { results };
  };

  it('walks every page and stops at count without an extra call', async () => {
    const calls: number[][] = [];
    expect(await collectPages(fetchPage(calls, true), 5)).toEqual(source);
    expect(calls).toEqual([
      [0, 5],
      [5, 5],
      [10, 5],
      [15, 5],
      [20, 5],
    ]);
  });

  it('without count, stops on the first short or empty page', async () => {
    const calls: number[][] = [];
    const pages: number[][] = [];
    for await (const page of walkPages(fetchPage(calls, false), 10)) pages.push(page);
    expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
    expect(calls).toHaveLength(3);
  });

  it('gives up on a server that never ends', async () => {
    const endless = async () => ({ results: [1, 2] });
    await expect(collectPages(endless, 2)).rejects.toThrow(/did not end/);
  });
});
