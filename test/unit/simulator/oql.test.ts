// OQL: tokenizer, recursive-descent parser (precedence, lists, ORDER BY, errors) and evaluation over
// the field catalogues, plus the HTTP contract (400 OQL_FILTER_SYNTAX_ERROR body).
import type { Expr } from '../../../simulator/oql/ast.js';
import { compileQuery, likeToRegExp, type FieldCatalogue } from '../../../simulator/oql/eval.js';
import { OqlSyntaxError, tokenize } from '../../../simulator/oql/lexer.js';
import { parseOql } from '../../../simulator/oql/parser.js';
import { json, startTestSim, type TestSim } from './support/sim.js';
import type { ErrorBody, ModelObject, Page } from './support/wire.js';

describe('lexer', () => {
  test('tokens, keywords in any case, quote escapes, operators', () => {
    const kinds = tokenize("name = 'O''Brien' and priority >= -5 OR x <> 2.5 ORDER by name desc").map(
      (t) => `${t.kind}:${t.text}`,
    );
    expect(kinds).toEqual([
      'ident:name',
      'op:=',
      "string:O'Brien",
      'keyword:AND',
      'ident:priority',
      'op:>=',
      'number:-5',
      'keyword:OR',
      'ident:x',
      'op:!=',
      'number:2.5',
      'keyword:ORDER',
      'keyword:BY',
      'ident:name',
      'keyword:DESC',
      'eof:',
    ]);
    expect(tokenize("dependencies.jobStreamId IN ['a','b']").map((t) => t.text)).toEqual([
      'dependencies.jobStreamId',
      'IN',
      '[',
      'a',
      ',',
      'b',
      ']',
      '',
    ]);
  });

  test.each([
    ["name = 'open", /unterminated string/],
    ['name = "x"', /unexpected character '"' at position 8/],
    ['name ! x', /unexpected character '!'/],
    ['name = #', /unexpected character '#'/],
  ])('%s fails', (input, message) => {
    expect(() => tokenize(input)).toThrow(message);
  });
});

describe('parser', () => {
  const shape = (q: string): { where?: string; order: string[] } => {
    const show = (e: Expr): string => {
      if (e.kind === 'cmp')
        return `${e.field}${e.op}${Array.isArray(e.value) ? `[${e.value.map((v) => v.value).join(',')}]` : e.value.value}`;
      if (e.kind === 'not') return `NOT(${show(e.expr)})`;
      return `(${show(e.left)} ${e.kind} ${show(e.right)})`;
    };
    const parsed = parseOql(q);
    return {
      where: parsed.where ? show(parsed.where) : undefined,
      order: parsed.orderBy.map((o) => `${o.field} ${o.direction}`),
    };
  };

  test('AND binds tighter than OR; parentheses override; NOT applies to the next term', () => {
    expect(shape("a = '1' OR b = '2' AND c = '3'").where).toBe('(a=1 or (b=2 and c=3))');
    expect(shape("(a = '1' OR b = '2') AND c = '3'").where).toBe('((a=1 or b=2) and c=3)');
    expect(shape("NOT a = '1' AND b = '2'").where).toBe('(NOT(a=1) and b=2)');
    expect(shape("a = '1' AND b = '2' AND c = '3'").where).toBe('((a=1 and b=2) and c=3)');
  });

  test('lists, LIKE, IN, ORDER BY with several keys, ORDER BY alone', () => {
    expect(shape("status = ['ABEND','FAIL']").where).toBe('statusIN[ABEND,FAIL]');
    expect(shape("status != ['SUCC']").where).toBe('statusNOT IN[SUCC]');
    expect(shape("status IN ('ABEND', 'FAIL')").where).toBe('statusIN[ABEND,FAIL]');
    expect(shape("name NOT LIKE 'RPT%'").where).toBe('nameNOT LIKERPT%');
    expect(shape("name = 'JS-API' AND folder LIKE '/' ORDER BY name DESC, priority")).toEqual({
      where: '(name=JS-API and folderLIKE/)',
      order: ['name DESC', 'priority ASC'],
    });
    expect(shape('ORDER BY name')).toEqual({ where: undefined, order: ['name ASC'] });
  });

  test.each([
    ["name = 'A' AND", /expected a field name but found end of query/],
    ["name 'A'", /expected an operator/],
    ["(name = 'A'", /expected '\)'/],
    ["name = 'A')", /expected AND, OR, ORDER BY or end of query/],
    ['name =', /expected a quoted string, a number, TRUE or FALSE/],
    ['name LIKE 5', /quoted pattern after LIKE/],
    ["name IN ['a' 'b']", /expected ',' or '\]'/],
    ['ORDER name', /expected BY/],
    ["name = 'a' ORDER BY", /field name after ORDER BY/],
    ["AND name = 'a'", /expected a field name but found 'AND'/],
  ])('%s → %s', (input, message) => {
    expect(() => parseOql(input)).toThrow(OqlSyntaxError);
    expect(() => parseOql(input)).toThrow(message);
  });
});

describe('evaluation', () => {
  type Row = { name: string; n: number; tags: string[]; when?: string };
  const fields: FieldCatalogue<Row> = {
    name: { type: 'string', get: (r) => r.name, description: '' },
    n: { type: 'number', get: (r) => r.n, description: '' },
    tags: { type: 'string', get: (r) => r.tags, description: '' },
    when: { type: 'instant', get: (r) => r.when, description: '' },
    kind: { type: 'enum', values: ['A', 'B'], get: (r) => (r.n > 1 ? 'A' : 'B'), description: '' },
  };
  const rows: Row[] = [
    { name: 'LOAD_DW_SALES', n: 3, tags: ['x', 'y'], when: '2026-03-09T10:00:00Z' },
    { name: 'LOADXDW', n: 1, tags: [] },
    { name: 'EXTRACT_ORDERS', n: 2, tags: ['y'], when: '2026-03-09T08:00:00Z' },
  ];
  const run = (q: string): string[] => {
    const c = compileQuery(fields, parseOql(q));
    const out = rows.filter(c.predicate);
    if (c.compare) out.sort(c.compare);
    return out.map((r) => r.name);
  };

  test('LIKE wildcards: % * @ any run, ? one char, _ literal', () => {
    expect(likeToRegExp('LOAD_%').test('LOAD_DW_SALES')).toBe(true);
    expect(run("name LIKE 'LOAD_%'")).toEqual(['LOAD_DW_SALES']);
    expect(run("name LIKE '*ORDERS'")).toEqual(['EXTRACT_ORDERS']);
    expect(run("name LIKE '@DW@'")).toEqual(['LOAD_DW_SALES', 'LOADXDW']);
    expect(run("name LIKE 'LOADXD?'")).toEqual(['LOADXDW']);
    expect(run("name LIKE 'load%'")).toEqual([]); // values are case-sensitive
  });

  test('comparisons, multi-valued fields, instants, enums, ORDER BY with missing values last', () => {
    expect(run('n >= 2 ORDER BY n DESC')).toEqual(['LOAD_DW_SALES', 'EXTRACT_ORDERS']);
    expect(run("n = '2'")).toEqual(['EXTRACT_ORDERS']);
    expect(run("tags = 'y' ORDER BY name")).toEqual(['EXTRACT_ORDERS', 'LOAD_DW_SALES']);
    expect(run("tags != 'x'")).toEqual(['LOADXDW', 'EXTRACT_ORDERS']);
    expect(run("when > '2026-03-09T09:00:00Z'")).toEqual(['LOAD_DW_SALES']);
    expect(run('ORDER BY when')).toEqual(['EXTRACT_ORDERS', 'LOAD_DW_SALES', 'LOADXDW']);
    expect(run("kind = 'B'")).toEqual(['LOADXDW']);
    expect(run("NOT (kind = 'A' OR name = 'LOADXDW')")).toEqual([]);
  });

  test.each([
    ["nope = 'x'", /unknown field 'nope'/],
    ["key.name = 'x'", /unknown field 'key.name'/],
    ["kind = 'C'", /not a valid value/],
    ["kind > 'A'", /operator > cannot be used/],
    ["n LIKE '1%'", /LIKE needs a text field/],
    ['name = 5', /expected a quoted string/],
    ["when = 'yesterday'", /expected an instant/],
    ['ORDER BY nope', /unknown field 'nope'/],
  ])('%s is rejected at compile time', (q, message) => {
    expect(() => compileQuery(fields, parseOql(q))).toThrow(message);
  });
});

describe('over HTTP', () => {
  let t: TestSim;
  beforeAll(async () => {
    t = await startTestSim();
  });
  afterAll(() => t.sim.stop());
  const names = async (path: string, oql: string): Promise<string[]> =>
    (await t.get<Page<{ name: string }>>(`${path}?oql=${encodeURIComponent(oql)}`)).results.map(
      (r) => r.name,
    );

  test('job fields the product uses', async () => {
    expect(await names('plan/job', "status = 'ABEND'")).toEqual(['LOAD_DW_SALES']);
    expect(await names('plan/job', "commonStatus = 'ERROR' ORDER BY name")).toEqual([
      'LOAD_DW_SALES',
      'RPT_STOCK',
    ]);
    expect(await names('plan/job', "lastRunCommonStatus = 'HELD' ORDER BY name DESC")).toEqual([
      'ME_SNAPSHOT_BAL',
      'ME_FREEZE_LEDGER',
    ]);
    expect(
      await names(
        'plan/job',
        "jobStreamName = 'DAILY_START' AND (name LIKE 'CHECK%' OR name = 'OPEN_DAY') ORDER BY name",
      ),
    ).toEqual(['CHECK_FS', 'OPEN_DAY']);
    expect(await names('plan/job', "workstation = 'AGT_WIN01' AND status = 'FENCE'")).toEqual([
      'FC_FX_RATES',
    ]);
    expect(await names('plan/job', "folder = '/' AND name = 'OPEN_DAY'")).toEqual(['OPEN_DAY']);
    const [load] = (
      await t.get<Page<{ id: string; jobStreamId: string }>>(
        `plan/job?oql=${encodeURIComponent("name = 'LOAD_DW_SALES'")}`,
      )
    ).results;
    if (!load) throw new Error('LOAD_DW_SALES missing');
    expect(await names('plan/job', `id = '${load.id}'`)).toEqual(['LOAD_DW_SALES']);
    expect((await names('plan/job', `jobStreamId = '${load.jobStreamId}'`)).length).toBe(8);
    expect(await names('plan/job', `dependencies.jobId = '${load.id}' ORDER BY name`)).toEqual([
      'BUILD_SALES_CUBE',
      'FC_IMPORT_SALES',
      'REFRESH_SALES_MART',
      'VALIDATE_DW_COUNTS',
    ]);
    expect(await names('plan/job', 'returnCode > 0 ORDER BY returnCode DESC')).toEqual([
      'LOAD_DW_SALES',
      'PREP_BILLING_DATA',
    ]);
  });

  test('job streams and workstations', async () => {
    expect(await names('plan/jobstream', "status = 'ABEND' ORDER BY name")).toEqual([
      'ETL_SALES',
      'REPORTS_MORNING',
    ]);
    expect(await names('plan/jobstream', "workstation = 'MASTER' ORDER BY name")).toEqual([
      'DAILY_START',
      'JOBS',
      'MONTHEND_PREP',
    ]);
    expect(
      await names('plan/workstation', "activeStates = 'LINKED' AND type = 'AGENT' ORDER BY name"),
    ).toEqual(['AGT_LNX01', 'AGT_LNX02', 'AGT_WIN01']);
    const models = await t.get<Page<ModelObject>>(
      `model/jobstream?oql=${encodeURIComponent("name LIKE 'FIN%'")}`,
    );
    expect(models.results.map((m) => m.def.name)).toEqual(['FIN_CLOSE']);
    const defs = await t.get<Page<ModelObject>>(
      `model/jobdefinition?oql=${encodeURIComponent("workstation = 'AGT_WIN01' ORDER BY name")}`,
    );
    expect(defs.results.map((m) => m.def.name)).toEqual([
      'FC_ACCRUALS',
      'FC_CONSOLIDATE',
      'FC_FX_RATES',
      'FC_IMPORT_SALES',
      'FC_REPORTS',
      'FC_TRIAL_BALANCE',
    ]);
  });

  test.each([
    "key.name = 'UPDATESTATS'",
    "status = 'ABEND' AND",
    "name = 'x' ORDER BY colour",
    "status = 'BROKEN'",
    'name == 1',
  ])('400 OQL_FILTER_SYNTAX_ERROR for %s', async (oql) => {
    const res = await t.fetch(`plan/job?oql=${encodeURIComponent(oql)}`);
    expect(res.status).toBe(400);
    const body = await json<ErrorBody>(res);
    expect(body).toEqual({
      exceptionName: expect.stringContaining('Exception'),
      messages: [expect.stringMatching(/^AWS\w+E OQL_FILTER_SYNTAX_ERROR: /)],
      code: 'OQL_FILTER_SYNTAX_ERROR',
    });
  });
});

describe('plan_filter and return-code expressions', () => {
  test('conman selectors: folders, @ and ? wildcards, job part optional for streams', async () => {
    const { parsePlanFilter } = await import('../../../simulator/oql/plan-filter.js');
    const all = parsePlanFilter('/@/@#/@/@.@', 'job');
    expect(all.matches('POOL_ETL', 'ETL_SALES', 'LOAD_DW_SALES')).toBe(true);
    const some = parsePlanFilter('AGT_LNX0?#BILLING_@.GEN@', 'job');
    expect(some.matches('AGT_LNX02', 'BILLING_DAILY', 'GEN_INVOICES')).toBe(true);
    expect(some.matches('AGT_LNX02', 'BILLING_DAILY', 'POST_LEDGER')).toBe(false);
    expect(some.matches('AGT_WIN01', 'BILLING_DAILY', 'GEN_INVOICES')).toBe(false);
    expect(parsePlanFilter('/@/@#/@/ETL_SALES', 'jobstream').matches('POOL_ETL', 'ETL_SALES')).toBe(true);
    expect(() => parsePlanFilter('a b', 'job')).toThrow(/not valid/);
    expect(() => parsePlanFilter('#.', 'job')).toThrow(/not valid/);
  });

  test('RC expressions', async () => {
    const { rcMatches } = await import('../../../simulator/plan/rc.js');
    expect([
      rcMatches('RC=0', 0),
      rcMatches('RC<=4', 4),
      rcMatches('RC > 4', 4),
      rcMatches('rc!=8', 7),
      rcMatches('RC<>0', 0),
    ]).toEqual([true, true, false, true, false]);
    expect([
      rcMatches('RC=0', undefined),
      rcMatches('garbage', 0),
      rcMatches('RC>=12', 12),
      rcMatches('RC<1', 0),
    ]).toEqual([false, false, true, true]);
  });
});
