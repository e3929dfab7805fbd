import { LlmAbortedError, type LlmMessage, type LlmToolSpec } from '../../../core/llm/index.js';
import { plan, understand } from '../../../subgraphs/agents/offline/intents.js';
import { detectLanguage } from '../../../subgraphs/agents/offline/language.js';
import { createOfflineResponder } from '../../../subgraphs/agents/offline/responder.js';
import { TOOL_NAMES } from '../../../subgraphs/agents/tools/catalog.js';

const allTools: LlmToolSpec[] = TOOL_NAMES.map((name) => ({ name, description: name, parameters: {} }));
const responder = createOfflineResponder();

/** Runs the responder's first round, then feeds it the given tool data and returns its answer. */
async function converse(
  question: string,
  answer: (tool: string, args: Record<string, unknown>) => unknown,
  tools = allTools,
) {
  const messages: LlmMessage[] = [
    { role: 'system', content: 'rules' },
    { role: 'user', content: question },
  ];
  const calls: Array<{ tool: string; args: Record<string, unknown> }> = [];
  for (let round = 0; round < 4; round += 1) {
    const deltas: string[] = [];
    const result = await responder.chat({ messages, tools }, { onDelta: (t) => deltas.push(t) });
    if (result.toolCalls.length === 0) {
      expect(deltas.join('')).toBe(result.text);
      return { text: result.text, calls, usage: result.usage };
    }
    messages.push({ role: 'assistant', content: '', toolCalls: result.toolCalls });
    for (const call of result.toolCalls) {
      const args = JSON.parse(call.arguments) as Record<string, unknown>;
      calls.push({ tool: call.name, args });
      messages.push({
        role: 'tool',
        toolCallId: call.id,
        name: call.name,
        content: JSON.stringify(answer(call.name, args)),
      });
    }
  }
  throw new Error('the responder never answered');
}

const errorJobs = {
  ok: true,
  data: {
    totalCount: 2,
    jobs: [
      {
        name: 'LOAD_DW_SALES',
        jobStream: 'ETL_SALES',
        status: 'ERROR',
        internalStatus: 'ABEND',
        returnCode: 12,
        endTime: '2026-03-09T21:59:00.000Z',
        workstation: 'AGT_LNX02',
      },
      {
        name: 'RPT_STOCK',
        jobStream: 'REPORTS_MORNING',
        status: 'ERROR',
        internalStatus: 'FAIL',
        returnCode: null,
        workstation: 'AGT_LNX02',
      },
    ],
  },
};

/** Every name-like token of `text` (UPPER_CASE with an underscore) must come from the tool data. */
function inventedNames(text: string, toolData: unknown): string[] {
  const known = JSON.stringify(toolData);
  return [...new Set(text.match(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g) ?? [])].filter(
    (name) => !known.includes(name),
  );
}

describe('offline responder', () => {
  it('detects Portuguese and English', () => {
    expect(detectLanguage('Quais jobs estão em ABEND?')).toBe('pt');
    expect(detectLanguage('por que o LOAD_DW_SALES falhou')).toBe('pt');
    expect(detectLanguage('Which jobs are in ABEND?')).toBe('en');
    expect(detectLanguage('why did LOAD_DW_SALES fail?')).toBe('en');
  });

  it.each([
    ['Quais jobs estão em ABEND?', { kind: 'jobs_by_status', status: 'ERROR' }],
    ['which jobs failed?', { kind: 'jobs_by_status', status: 'ERROR' }],
    ['o que está executando agora?', { kind: 'jobs_by_status', status: 'RUNNING' }],
    ['Which jobs are on hold?', { kind: 'jobs_by_status', status: 'HELD' }],
    ['por que o LOAD_DW_SALES falhou?', { kind: 'job', job: 'LOAD_DW_SALES', aspects: ['log'] }],
    [
      'what depends on load_dw_sales and what is the impact?',
      { kind: 'job', job: 'LOAD_DW_SALES', aspects: ['dependencies', 'impact'] },
    ],
    ['status do stream ETL_SALES', { kind: 'stream', stream: 'ETL_SALES' }],
    ['rerun LOAD_DW_SALES', { kind: 'action', action: 'rerun_job', job: 'LOAD_DW_SALES' }],
    [
      'reexecute o ETL_SALES.LOAD_DW_SALES por favor',
      { kind: 'action', action: 'rerun_job', job: 'ETL_SALES.LOAD_DW_SALES' },
    ],
    ['libere o job ME_FREEZE_LEDGER', { kind: 'action', action: 'release_job', job: 'ME_FREEZE_LEDGER' }],
    ['cancel PAY_CALC_NET', { kind: 'action', action: 'cancel_job', job: 'PAY_CALC_NET' }],
    ['quais workstations estão desconectadas?', { kind: 'workstations' }],
    ['resumo do plano', { kind: 'plan_summary' }],
    [
      'Como eu resolvo ORA-01653 no data warehouse?',
      { kind: 'howto', question: 'Como eu resolvo ORA-01653 no data warehouse?' },
    ],
  ])('understands %s', (question, intent) => {
    expect(understand(question)).toEqual(intent);
  });

  it('answers "Quais jobs estão em ABEND?" in Portuguese from find_jobs, naming only returned jobs', async () => {
    const { text, calls, usage } = await converse('Quais jobs estão em ABEND?', () => errorJobs);
    expect(calls).toEqual([{ tool: 'find_jobs', args: { status: 'ERROR', limit: 50 } }]);
    expect(text).toContain('Há 2 jobs em ERROR');
    expect(text).toContain('LOAD_DW_SALES');
    expect(text).toContain('RC 12');
    expect(inventedNames(text, errorJobs)).toEqual([]);
    expect(usage.estimated).toBe(true);
  });

  it('never names a job the tools did not return, whatever the question names', async () => {
    const notFound = { ok: false, errorCode: 'NOT_FOUND', data: { error: 'NOT_FOUND' } };
    const { text, calls } = await converse('why did PAYROLL_CLOSE_XYZ fail?', (tool) =>
      tool === 'find_jobs' ? { ok: true, data: { totalCount: 0, jobs: [] } } : notFound,
    );
    expect(calls.map((c) => c.tool)).toEqual(['job_details', 'search_documents', 'find_jobs']);
    expect(text).not.toContain('PAYROLL_CLOSE_XYZ');
    expect(text).toMatch(/did not find that job/);
  });

  it('explains a failure from details, log and runbooks', async () => {
    const details = {
      ok: true,
      data: {
        name: 'LOAD_DW_SALES',
        jobStream: 'ETL_SALES',
        status: 'ERROR',
        internalStatus: 'ABEND',
        returnCode: 12,
        runs: [{}],
        log: 'loading\nORA-01653 unable to extend table\nexit 12',
      },
    };
    const docs = {
      ok: true,
      data: {
        passages: [
          {
            title: 'LOAD_DW_SALES fails with ORA-01653',
            section: 'Fix',
            text: 'Add a datafile to DW_DATA, then rerun.',
          },
        ],
      },
    };
    const { text, calls } = await converse('por que o LOAD_DW_SALES falhou?', (tool) =>
      tool === 'job_details' ? details : docs,
    );
    expect(calls).toEqual([
      { tool: 'job_details', args: { job: 'LOAD_DW_SALES', logLines: 40 } },
      { tool: 'search_documents', args: { query: 'LOAD_DW_SALES failure', limit: 2 } },
    ]);
    expect(text).toContain('**ETL_SALES.LOAD_DW_SALES** está em ERROR (ABEND), RC 12');
    expect(text).toContain('ORA-01653 unable to extend table');
    expect(text).toContain('Add a datafile to DW_DATA');
  });

  it('proposes an action and tells how to approve it, without claiming it ran', async () => {
    const proposed = {
      ok: true,
      data: {
        proposed: true,
        action: 'rerun',
        job: 'ETL_SALES.LOAD_DW_SALES',
        status: 'ERROR',
        actionId: 'act-1',
        expiresAt: '2026-03-09T22:15:00.000Z',
      },
    };
    const { text, calls } = await converse('rerun LOAD_DW_SALES', () => proposed);
    expect(calls).toEqual([{ tool: 'rerun_job', args: { job: 'LOAD_DW_SALES' } }]);
    expect(text).toContain('approveAction(actionId: "act-1")');
    expect(text).toMatch(/Nothing ran yet/);
  });

  it('asks which job when an action names none, and calls nothing', async () => {
    const { text, calls } = await converse('please rerun it', () => ({ ok: true, data: {} }));
    expect(calls).toEqual([]);
    expect(text).toMatch(/Which job\?/);
  });

  it('only calls the tools it is offered, and says an action needs an operator', async () => {
    const readOnly = allTools.filter((t) => !t.name.endsWith('_job'));
    const { text, calls } = await converse('rerun LOAD_DW_SALES', () => ({ ok: true, data: {} }), readOnly);
    expect(calls).toEqual([]);
    expect(text).toMatch(/cannot propose to \*\*rerun\*\* that job here: .*needs the operator role/);
    const pt = await converse('reexecute o LOAD_DW_SALES', () => ({ ok: true, data: {} }), readOnly);
    expect(pt.text).toMatch(/Não posso propor \*\*reexecutar\*\* esse job aqui: .*papel de operador/);
    const noPlan = allTools.filter((t) => t.name !== 'plan_summary');
    expect((await converse('resumo do plano', () => ({ ok: true, data: {} }), noPlan)).text).toMatch(
      /plan_summary \(FORBIDDEN\)/,
    );
  });

  it('plans dependency and impact questions with the knowledge tools', () => {
    expect(plan(understand('o que depende do LOAD_DW_SALES e qual o impacto?')).map((c) => c.tool)).toEqual([
      'job_details',
      'job_dependencies',
      'job_impact',
    ]);
  });

  it('stops streaming when the caller aborts', async () => {
    const controller = new AbortController();
    const messages: LlmMessage[] = [
      { role: 'user', content: 'Quais jobs estão em ABEND?' },
      { role: 'assistant', content: '', toolCalls: [{ id: 'c', name: 'find_jobs', arguments: '{}' }] },
      { role: 'tool', toolCallId: 'c', name: 'find_jobs', content: JSON.stringify(errorJobs) },
    ];
    const pieces: string[] = [];
    await expect(
      responder.chat(
        { messages, tools: allTools },
        { signal: controller.signal, onDelta: (t) => (pieces.push(t), controller.abort()) },
      ),
    ).rejects.toBeInstanceOf(LlmAbortedError);
    expect(pieces).toHaveLength(1);
  });
});
