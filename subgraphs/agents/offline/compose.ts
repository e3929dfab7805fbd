import type { Intent } from './intents.js';
import type { Language } from './language.js';
import { texts } from './phrases.js';

/** One tool result as the responder reads it back from the conversation. */
export interface SeenResult {
  tool: string;
  ok: boolean;
  errorCode?: string | undefined;
  data: Record<string, unknown>;
}

type Json = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
const list = (v: unknown): Json[] =>
  Array.isArray(v) ? (v.filter((x) => x !== null && typeof x === 'object') as Json[]) : [];

/** `2026-03-09 21:59 UTC`; times come from HWA as ISO instants. */
export function when(iso: unknown): string | undefined {
  const s = str(iso);
  if (!s) return undefined;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? undefined : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const qualified = (j: Json) =>
  str(j['jobStream']) ? `${str(j['jobStream'])}.${str(j['name'])}` : (str(j['name']) ?? '?');

function jobLine(j: Json, lang: Language): string {
  const t = texts(lang);
  const parts = [str(j['internalStatus']) ?? str(j['status'])];
  if (num(j['returnCode']) !== undefined) parts.push(`RC ${num(j['returnCode'])}`);
  const ended = when(j['endTime']);
  const started = when(j['startTime']);
  if (ended) parts.push(`${t.ended} ${ended}`);
  else if (started) parts.push(`${t.started} ${started}`);
  if (str(j['workstation'])) parts.push(`${t.on} ${str(j['workstation'])}`);
  return `- **${str(j['name'])}** (${str(j['jobStream']) ?? '?'}) — ${parts.filter(Boolean).join(', ')}`;
}

/** The answer to an intent, built only from tool results: every job name in it came from a tool. */
export function compose(intent: Intent, results: readonly SeenResult[], lang: Language): string {
  const t = texts(lang);
  const get = (tool: string) => results.find((r) => r.tool === tool);
  const failed = results.filter((r) => !r.ok);
  const problem = (r: SeenResult) => t.toolProblem(r.tool, r.errorCode ?? 'INTERNAL');

  switch (intent.kind) {
    case 'jobs_by_status': {
      const r = get('find_jobs');
      if (!r?.ok) return r ? problem(r) : t.noData;
      const jobs = list(r.data['jobs']).filter((j) => str(j['status']) === intent.status);
      const total = num(r.data['totalCount']) ?? jobs.length;
      if (jobs.length === 0) return t.noneInStatus(intent.status);
      const more = total > jobs.length ? `\n\n${t.showing(jobs.length, total)}` : '';
      return `${t.inStatus(jobs.length, intent.status)}\n\n${jobs.map((j) => jobLine(j, lang)).join('\n')}${more}`;
    }
    case 'stream': {
      const r = get('find_jobs');
      if (!r?.ok) return r ? problem(r) : t.noData;
      const jobs = list(r.data['jobs']);
      if (jobs.length === 0) return t.streamNotFound;
      const counts = new Map<string, number>();
      for (const j of jobs)
        counts.set(str(j['status']) ?? '?', (counts.get(str(j['status']) ?? '?') ?? 0) + 1);
      const tally = [...counts.entries()].map(([s, n]) => `${s}: ${n}`).join(', ');
      return `${t.streamJobs(str(jobs[0]!['jobStream']) ?? '?', jobs.length, tally)}\n\n${jobs.map((j) => jobLine(j, lang)).join('\n')}`;
    }
    case 'job':
      return composeJob(intent, results, lang);
    case 'action': {
      if (!intent.job) return t.whichJob;
      const r = get(intent.action);
      if (!r) return t.noData;
      if (!r.ok) return r.errorCode === 'NOT_FOUND' ? t.jobNotFound : problem(r);
      return t.proposed(
        str(r.data['action']) ?? intent.action,
        str(r.data['job']) ?? '?',
        str(r.data['status']) ?? '?',
        str(r.data['actionId']) ?? '?',
        str(r.data['expiresAt']),
      );
    }
    case 'workstations': {
      const r = get('list_workstations');
      if (!r?.ok) return r ? problem(r) : t.noData;
      const ws = list(r.data['workstations']);
      const down = ws.filter((w) => w['linked'] === false || w['running'] === false);
      const lines = ws.map(
        (w) =>
          `- **${str(w['name'])}** (${str(w['type']) ?? '?'}${str(w['os']) ? `, ${str(w['os'])}` : ''}) — ${w['linked'] === false ? t.unlinked : t.linked}, ${w['running'] === false ? t.stopped : t.running}`,
      );
      return `${t.workstations(ws.length, down.length)}\n\n${lines.join('\n')}`;
    }
    case 'plan_summary': {
      const r = get('plan_summary');
      if (!r?.ok) return r ? problem(r) : t.noData;
      const summary = (r.data['planSummary'] ?? {}) as Json;
      const rows = list(summary['byStatus']).filter((s) => (num(s['count']) ?? 0) > 0);
      const lines = rows.map((s) => `- ${str(s['status'])}: ${num(s['count'])}`);
      return `${t.planTotal(num(summary['total']) ?? 0)}\n\n${lines.join('\n')}\n\n${t.hint}`;
    }
    case 'howto': {
      const r = get('ask_documents');
      if (!r?.ok) return r ? problem(r) : t.noData;
      const sources = list(r.data['citations']).map(
        (c) =>
          `[${num(c['marker'])}] ${str(c['title'])}${str(c['section']) ? ` — ${str(c['section'])}` : ''}`,
      );
      return `${str(r.data['text']) ?? t.noData}${sources.length > 0 ? `\n\n${t.sources}\n${sources.join('\n')}` : ''}`;
    }
  }
  return failed.length > 0 ? failed.map(problem).join('\n') : t.noData;
}

function composeJob(
  intent: Extract<Intent, { kind: 'job' }>,
  results: readonly SeenResult[],
  lang: Language,
): string {
  const t = texts(lang);
  const details = results.find((r) => r.tool === 'job_details');
  if (!details) return t.noData;
  if (!details.ok)
    return details.errorCode === 'NOT_FOUND'
      ? t.jobNotFound
      : t.toolProblem('job_details', details.errorCode ?? 'INTERNAL');
  const j = details.data;
  const out: string[] = [];
  const rc = num(j['returnCode']);
  out.push(
    t.jobStatus(
      qualified(j),
      str(j['status']) ?? '?',
      str(j['internalStatus']),
      rc,
      when(j['startTime']),
      when(j['endTime']),
      str(j['workstation']),
    ),
  );
  const runs = list(j['runs']);
  if (runs.length > 1) out.push(t.runs(runs.length));
  const log = str(j['log']);
  if (intent.aspects.includes('log') && log)
    out.push(`${t.logTail}\n\`\`\`\n${log.split('\n').slice(-25).join('\n').trim()}\n\`\`\``);
  const docs = results.find((r) => r.tool === 'search_documents');
  const passages = docs?.ok ? list(docs.data['passages']).slice(0, 2) : [];
  if (passages.length > 0) {
    out.push(
      `${t.runbooks}\n${passages.map((p) => `- *${str(p['title'])}${str(p['section']) ? ` — ${str(p['section'])}` : ''}*: ${(str(p['text']) ?? '').replace(/\s+/g, ' ').slice(0, 280)}`).join('\n')}`,
    );
  }
  const deps = results.find((r) => r.tool === 'job_dependencies');
  if (deps?.ok) {
    const fmt = (d: Json) => `${str(d['name'])} (${str(d['status']) ?? '?'})`;
    const pre = list(deps.data['predecessors']);
    const suc = list(deps.data['successors']);
    out.push(
      `${t.predecessors}: ${pre.length > 0 ? pre.map(fmt).join(', ') : t.none}\n${t.successors}: ${suc.length > 0 ? suc.map(fmt).join(', ') : t.none}`,
    );
  } else if (deps) out.push(t.toolProblem('job_dependencies', deps.errorCode ?? 'INTERNAL'));
  const impact = results.find((r) => r.tool === 'job_impact');
  if (impact?.ok) {
    const i = (impact.data['impact'] ?? {}) as Json;
    const jobs = list(i['jobs'])
      .slice(0, 15)
      .map((d) => str(d['name']))
      .filter(Boolean);
    const critical = list(i['criticalJobs'])
      .map((d) => str(d['name']))
      .filter(Boolean);
    const streams = list(i['jobStreams'])
      .map((s) => str(s['name']))
      .filter(Boolean);
    out.push(
      t.impact(
        num(i['count']) ?? 0,
        num(i['criticalCount']) ?? 0,
        streams as string[],
        jobs as string[],
        critical as string[],
      ),
    );
  } else if (impact) out.push(t.toolProblem('job_impact', impact.errorCode ?? 'INTERNAL'));
  return out.join('\n\n');
}
