import type { Language } from './language.js';

/** Every sentence the offline responder says, in Portuguese and English. */
const pt = {
  ended: 'terminou',
  started: 'iniciou',
  on: 'em',
  none: 'nenhum',
  linked: 'conectada',
  unlinked: 'desconectada',
  running: 'ativa',
  stopped: 'parada',
  noData: 'Não consegui obter dados para responder agora.',
  whichJob: 'Qual job? Diga o nome do job (por exemplo JOBSTREAM.JOB) para eu propor a ação.',
  jobNotFound: 'Não encontrei esse job no plano atual. Confira o nome (ou use JOBSTREAM.JOB).',
  streamNotFound: 'Não encontrei jobs desse job stream no plano atual.',
  logTail: 'Últimas linhas do log:',
  runbooks: 'Runbooks relacionados:',
  predecessors: 'Predecessores',
  successors: 'Sucessores',
  sources: 'Fontes:',
  hint: 'Pergunte, por exemplo: "Quais jobs estão em ABEND?", "Por que o JOB falhou?", "O que depende do JOB?".',
  toolProblem: (tool: string, code: string) => `Não consegui consultar ${tool} (${code}).`,
  actionNotOffered: (verb: string) =>
    `Não posso propor **${VERBS_PT[verb] ?? verb}** esse job aqui: propor ações em jobs exige o papel de operador ` +
    '(e um agente que possa propô-las). Peça a um operador; eu ainda posso mostrar o status do job e por que ele falhou.',
  noneInStatus: (s: string) => `Nenhum job está em ${s} no plano atual.`,
  inStatus: (n: number, s: string) =>
    n === 1 ? `Há 1 job em ${s} no plano atual:` : `Há ${n} jobs em ${s} no plano atual:`,
  showing: (n: number, total: number) => `(mostrando ${n} de ${total})`,
  streamJobs: (stream: string, n: number, tally: string) =>
    `O job stream ${stream} tem ${n} jobs no plano (${tally}):`,
  jobStatus: (
    name: string,
    status: string,
    internal: string | undefined,
    rc: number | undefined,
    start?: string,
    end?: string,
    ws?: string,
  ) =>
    `**${name}** está em ${status}${internal && internal !== status ? ` (${internal})` : ''}${rc === undefined ? '' : `, RC ${rc}`}.` +
    `${start ? ` Início: ${start}.` : ''}${end ? ` Fim: ${end}.` : ''}${ws ? ` Workstation: ${ws}.` : ''}`,
  runs: (n: number) => `O job tem ${n} execuções no plano atual.`,
  impact: (count: number, critical: number, streams: string[], jobs: string[], criticalJobs: string[]) =>
    count === 0
      ? 'Nenhum job depende deste: se ele não concluir, nada mais atrasa.'
      : `Se este job não concluir, ${count} job(s) ficam atrasados${critical > 0 ? `, ${critical} crítico(s)` : ''}` +
        `${streams.length > 0 ? ` em ${streams.length} job stream(s): ${streams.join(', ')}` : ''}.` +
        `${jobs.length > 0 ? `\nJobs afetados: ${jobs.join(', ')}.` : ''}${criticalJobs.length > 0 ? `\nCríticos: ${criticalJobs.join(', ')}.` : ''}`,
  proposed: (action: string, job: string, status: string, actionId: string, expiresAt?: string) =>
    `Propus **${VERBS_PT[action] ?? action}** o job **${job}** (agora ${status}). Nada foi executado ainda: ` +
    `um operador precisa aprovar com \`approveAction(actionId: "${actionId}")\` (ou descartar com \`rejectAction\`)` +
    `${expiresAt ? `; a proposta expira em ${expiresAt}` : ''}.`,
  workstations: (n: number, down: number) =>
    down === 0
      ? `As ${n} workstations do plano estão conectadas e ativas:`
      : `${down} de ${n} workstations estão desconectadas ou paradas:`,
  planTotal: (n: number) => `O plano atual tem ${n} jobs:`,
};

const VERBS_PT: Record<string, string> = {
  rerun: 'reexecutar',
  hold: 'colocar em hold',
  release: 'liberar',
  cancel: 'cancelar',
};

const en: typeof pt = {
  ended: 'ended',
  started: 'started',
  on: 'on',
  none: 'none',
  linked: 'linked',
  unlinked: 'unlinked',
  running: 'running',
  stopped: 'stopped',
  noData: 'I could not get the data to answer right now.',
  whichJob: 'Which job? Give me the job name (for example JOBSTREAM.JOB) and I will propose the action.',
  jobNotFound: 'I did not find that job in the current plan. Check the name (or use JOBSTREAM.JOB).',
  streamNotFound: 'I did not find jobs of that job stream in the current plan.',
  logTail: 'Last lines of the log:',
  runbooks: 'Related runbooks:',
  predecessors: 'Predecessors',
  successors: 'Successors',
  sources: 'Sources:',
  hint: 'Ask, for example: "Which jobs are in ABEND?", "Why did JOB fail?", "What depends on JOB?".',
  toolProblem: (tool, code) => `I could not query ${tool} (${code}).`,
  actionNotOffered: (verb) =>
    `I cannot propose to **${verb}** that job here: proposing job actions needs the operator role ` +
    "(and an agent that may propose them). Ask an operator; I can still tell you the job's status and why it failed.",
  noneInStatus: (s) => `No job is in ${s} in the current plan.`,
  inStatus: (n, s) =>
    n === 1 ? `1 job is in ${s} in the current plan:` : `${n} jobs are in ${s} in the current plan:`,
  showing: (n, total) => `(showing ${n} of ${total})`,
  streamJobs: (stream, n, tally) => `Job stream ${stream} has ${n} jobs in the plan (${tally}):`,
  jobStatus: (name, status, internal, rc, start, end, ws) =>
    `**${name}** is ${status}${internal && internal !== status ? ` (${internal})` : ''}${rc === undefined ? '' : `, RC ${rc}`}.` +
    `${start ? ` Started: ${start}.` : ''}${end ? ` Ended: ${end}.` : ''}${ws ? ` Workstation: ${ws}.` : ''}`,
  runs: (n) => `The job has ${n} runs in the current plan.`,
  impact: (count, critical, streams, jobs, criticalJobs) =>
    count === 0
      ? 'Nothing depends on this job: if it does not complete, nothing else is delayed.'
      : `If this job does not complete, ${count} job(s) are delayed${critical > 0 ? `, ${critical} of them critical` : ''}` +
        `${streams.length > 0 ? ` across ${streams.length} job stream(s): ${streams.join(', ')}` : ''}.` +
        `${jobs.length > 0 ? `\nAffected jobs: ${jobs.join(', ')}.` : ''}${criticalJobs.length > 0 ? `\nCritical: ${criticalJobs.join(', ')}.` : ''}`,
  proposed: (action, job, status, actionId, expiresAt) =>
    `I proposed to **${action}** job **${job}** (now ${status}). Nothing ran yet: an operator must approve it with ` +
    `\`approveAction(actionId: "${actionId}")\` (or discard it with \`rejectAction\`)${expiresAt ? `; the proposal expires at ${expiresAt}` : ''}.`,
  workstations: (n, down) =>
    down === 0
      ? `All ${n} workstations of the plan are linked and running:`
      : `${down} of ${n} workstations are unlinked or stopped:`,
  planTotal: (n) => `The current plan has ${n} jobs:`,
};

export function texts(lang: Language): typeof pt {
  return lang === 'en' ? en : pt;
}
