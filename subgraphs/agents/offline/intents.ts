import { JOB_INTERNAL_STATUSES, JOB_STATUSES } from '../../../core/hwa/index.js';
import type { ToolName } from '../tools/catalog.js';
import { fold } from './language.js';

/** What the operator asked, as the offline responder understands it (pt-BR and English). */
export type Intent =
  | {
      kind: 'action';
      action: 'rerun_job' | 'hold_job' | 'release_job' | 'cancel_job';
      job: string | undefined;
    }
  | { kind: 'job'; job: string; aspects: Array<'status' | 'log' | 'dependencies' | 'impact'> }
  | { kind: 'stream'; stream: string }
  | { kind: 'jobs_by_status'; status: string }
  | { kind: 'workstations' }
  | { kind: 'plan_summary' }
  | { kind: 'howto'; question: string };

export interface PlannedCall {
  tool: ToolName;
  args: Record<string, unknown>;
}

const STATUS_WORDS: ReadonlyArray<[string, RegExp]> = [
  ['ERROR', /\b(abend\w*|erro|erros|error|errors|falh\w*|fail\w*|com problema)\b/],
  ['RUNNING', /\b(running|executando|em execucao|rodando)\b/],
  ['HELD', /\b(held|on hold|em hold|retido\w*|suspens\w*)\b/],
  ['WAITING', /\b(waiting|aguardando|esperando|pendente\w*)\b/],
  ['READY', /\b(ready|prontos?)\b/],
  ['CANCELED', /\b(cancel+ed|cancelados?)\b/],
  ['BLOCKED', /\b(blocked|bloqueados?)\b/],
  ['UNDECIDED', /\b(undecided|indecisos?)\b/],
  ['SUCCESSFUL', /\b(successful|succeeded|sucesso|concluid\w*|completed|finished|terminaram)\b/],
];

const ACTIONS: ReadonlyArray<[Extract<Intent, { kind: 'action' }>['action'], RegExp]> = [
  [
    'rerun_job',
    /\b(rerun|re-run|run again|reexecut\w*|re-execut\w*|rodar (de novo|novamente)|roda de novo|reprocess\w*|reinici\w*|restart)\b/,
  ],
  ['release_job', /\b(release|liber\w*|solt\w*|unhold)\b/],
  ['hold_job', /\b(hold|segur\w*|ret(er|enha)|suspend\w*|coloque em hold|colocar em hold)\b/],
  ['cancel_job', /\b(cancel|cancele|cancelar|cancela|kill|mat(e|ar))\b/],
];

/** Upper-case words that are HWA vocabulary, not job names: every status HWA knows, and the rest. */
const NOT_NAMES: ReadonlySet<string> = new Set([
  ...JOB_STATUSES,
  ...JOB_INTERNAL_STATUSES,
  'ERRO',
  'HWA',
  'TWS',
  'IBM',
  'HCL',
  'JOB',
  'JOBS',
  'STREAM',
  'PLAN',
  'OQL',
  'API',
  'SLA',
  'FTA',
  'POOL',
  'AGENT',
  'MANAGER',
  'LOG',
  'LOGS',
  'RC',
  'ETL',
  'WHY',
  'WHAT',
  'OK',
  'UTC',
]);

const NAME =
  /\b([A-Za-z][A-Za-z0-9#@$-]*(?:_[A-Za-z0-9#@$-]+)+(?:\.[A-Za-z][A-Za-z0-9_#@$-]*)?|[A-Z][A-Z0-9#@$]{3,}(?:\.[A-Z][A-Z0-9_#@$]*)?)\b/g;

/** Job (or job stream) names the user typed: words with underscores, or upper-case words. */
export function namesIn(question: string): string[] {
  const found: string[] = [];
  for (const match of question.matchAll(NAME)) {
    const name = match[1]!.toUpperCase();
    if (NOT_NAMES.has(name) || found.includes(name)) continue;
    found.push(name);
  }
  return found;
}

const STREAM_WORD = /\b(stream|job stream|jobstream|fluxo|cadeia|corrente)\b/;
const LOG_WORDS =
  /\b(log|logs|saida|output|por ?que|why|falhou|failed|fail\w*|abend\w*|erro|error|causa|cause|motivo|reason|aconteceu|happened)\b/;
const DEP_WORDS =
  /\b(depend\w*|predecess\w*|sucessor\w*|successor\w*|upstream|antes de|depois de|espera por|waits? for)\b/;
const IMPACT_WORDS =
  /\b(impact\w*|afet\w*|affect\w*|atras\w*|delay\w*|breaks?|quebra\w*|downstream|consequenc\w*|o que (mais )?para)\b/;
const WORKSTATION_WORDS = /\b(workstations?|estac(ao|oes)|agentes?|agents?|servidor(es)?|maquinas?|linked)\b/;
const SUMMARY_WORDS =
  /\b(resumo|summary|overview|visao geral|panorama|status do plano|plan status|como (esta|anda) o plano|how is the plan|quantos jobs|how many jobs)\b/;
const HOWTO_WORDS =
  /\b(como (eu )?(faco|fazer|resolvo|resolver|corrijo|corrigir|reinicio|trato|tratar|devo)|how (do|can|should) i|how to|runbook\w*|procedimento\w*|o que (devo|fazer)|what (should|do) i do|passos|steps|instruc\w*|documenta\w*)\b/;

/** Reads the operator's question into one intent (first match wins, most specific first). */
export function understand(question: string): Intent {
  const text = fold(question);
  const names = namesIn(question);
  for (const [action, pattern] of ACTIONS) {
    if (pattern.test(text)) {
      // "cancelados" / "held" describe statuses; an action needs a verb and, here, a job.
      const statusOnly = names.length === 0 && STATUS_WORDS.some(([, p]) => p.test(text));
      if (!statusOnly) return { kind: 'action', action, job: names[0] };
    }
  }
  if (
    HOWTO_WORDS.test(text) &&
    !(names.length > 0 && LOG_WORDS.test(text) && !/runbook|procedimento/.test(text))
  ) {
    return { kind: 'howto', question: question.trim() };
  }
  if (names.length > 0) {
    if (STREAM_WORD.test(text)) return { kind: 'stream', stream: names[0]! };
    const aspects: Array<'status' | 'log' | 'dependencies' | 'impact'> = [];
    if (LOG_WORDS.test(text)) aspects.push('log');
    if (DEP_WORDS.test(text)) aspects.push('dependencies');
    if (IMPACT_WORDS.test(text)) aspects.push('impact');
    if (aspects.length === 0) aspects.push('status');
    return { kind: 'job', job: names[0]!, aspects };
  }
  for (const [status, pattern] of STATUS_WORDS)
    if (pattern.test(text)) return { kind: 'jobs_by_status', status };
  if (WORKSTATION_WORDS.test(text)) return { kind: 'workstations' };
  if (SUMMARY_WORDS.test(text)) return { kind: 'plan_summary' };
  if (/\?|\b(como|how|o que|what)\b/.test(text) && text.split(/\s+/).length >= 4)
    return { kind: 'howto', question: question.trim() };
  return { kind: 'plan_summary' };
}

/** The tool calls that answer an intent (before any result is known). */
export function plan(intent: Intent): PlannedCall[] {
  switch (intent.kind) {
    case 'action':
      return intent.job ? [{ tool: intent.action, args: { job: intent.job } }] : [];
    case 'job': {
      const calls: PlannedCall[] = [
        { tool: 'job_details', args: { job: intent.job, logLines: intent.aspects.includes('log') ? 40 : 0 } },
      ];
      if (intent.aspects.includes('log'))
        calls.push({ tool: 'search_documents', args: { query: `${intent.job} failure`, limit: 2 } });
      if (intent.aspects.includes('dependencies'))
        calls.push({ tool: 'job_dependencies', args: { job: intent.job, depth: 1 } });
      if (intent.aspects.includes('impact')) calls.push({ tool: 'job_impact', args: { job: intent.job } });
      return calls;
    }
    case 'stream':
      return [{ tool: 'find_jobs', args: { jobStream: intent.stream, limit: 50 } }];
    case 'jobs_by_status':
      return [{ tool: 'find_jobs', args: { status: intent.status, limit: 50 } }];
    case 'workstations':
      return [{ tool: 'list_workstations', args: {} }];
    case 'plan_summary':
      return [{ tool: 'plan_summary', args: {} }];
    case 'howto':
      return [{ tool: 'ask_documents', args: { question: intent.question } }];
  }
}
