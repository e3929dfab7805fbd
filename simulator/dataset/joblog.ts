// Job logs (stdlist) rendered from a run: a header between `=` rules (JOB, USER, JCLFILE, job number,
// start), the application output, and a footer (exit status, elapsed and CPU time, end) once the run
// ended. The exact wording is [INFERRED] from conman stdlists; NOTES §6 fixes the showcase content.
import type { PlanState } from '../plan/state.js';
import type { SimJob, SimRun } from '../plan/types.js';
import { conmanSchedLabel, logTimestamp } from '../time.js';

const RULE = '='.repeat(72);

export interface JobLog {
  header: string[];
  body: string[];
  footer: string[];
}

function hms(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(Math.floor(s / 3600))}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
}

function syntheticBody(
  job: SimJob,
  run: SimRun,
  status: string,
  command: string,
  description: string,
  user: string,
): string[] {
  const script = command.split(/[\\/]/).pop() ?? command;
  const lines = [
    `${script}: ${description}`,
    `${script}: run attempt ${run.attempt} on ${run.actualWorkstation ?? job.workstation}`,
  ];
  if (run.step) lines.push(`${script}: restarting from step ${run.step}`);
  switch (status) {
    case 'SUCC':
      lines.push(`${script}: processing completed`, `${script}: exit ${run.returnCode ?? 0}`);
      break;
    case 'ABEND':
      if (run.returnCode === undefined) lines.push(`${script}: terminated by operator (kill)`);
      else lines.push(`ERROR: ${job.name.toLowerCase()} failed`, `${script}: exit ${run.returnCode}`);
      break;
    case 'FAIL':
      return [
        `AWSBDW009E The job could not be launched: the user "${user}" is not defined on ${run.actualWorkstation ?? job.workstation}.`,
      ];
    default:
      lines.push(`${script}: processing...`);
  }
  return lines;
}

export function renderJobLog(state: PlanState, job: SimJob, run: SimRun, now: number): JobLog | undefined {
  if (run.startedAt === undefined) return undefined;
  const stream = state.streamOf(job);
  const def = state.definitions.get(job.definitionId);
  const isLast = state.lastRun(job) === run;
  const status = isLast ? job.status : run.status;
  const command = def?.task.command ?? job.name;
  const user = def?.task.user ?? 'twsuser';
  const ws = run.actualWorkstation ?? job.workstation;
  const header = [
    RULE,
    `= JOB       : ${ws}#${stream.name}[(${conmanSchedLabel(stream.schedTime)}),(${stream.internalIdentifier})].${job.name}`,
    `= USER      : ${user}`,
    `= JCLFILE   : ${command}`,
    `= Job Number: ${run.jobNumber ?? 0}`,
    `= ${logTimestamp(run.startedAt)}`,
    RULE,
  ];
  const body = run.logBody
    ? [...run.logBody]
    : syntheticBody(job, run, status, command, def?.description ?? job.name, user);
  const footer: string[] = [];
  if (run.endedAt !== undefined) {
    const elapsed = run.endedAt - run.startedAt;
    footer.push(
      RULE,
      `= Exit Status           : ${run.returnCode ?? (status === 'SUCC' ? 0 : -1)}`,
      `= Elapsed Time (hh:mm:ss) : ${hms(elapsed)}`,
      `= CPU Time (user/sys)   : ${hms(elapsed * 0.17)} / ${hms(elapsed * 0.02)}`,
      `= ${logTimestamp(run.endedAt)}`,
      RULE,
    );
  } else if (status === 'EXEC') {
    body.push(`(job still running at ${logTimestamp(now)})`);
  }
  return { header, body, footer };
}

/** The text served by the joblog endpoint: full or content only, then sliced by 1-based line numbers. */
export function jobLogText(log: JobLog, contentOnly: boolean, fromLine?: number, toLine?: number): string {
  const lines = contentOnly ? log.body : [...log.header, ...log.body, ...log.footer];
  const from = Math.max(1, fromLine ?? 1);
  const to = Math.min(lines.length, toLine ?? lines.length);
  const slice = from > to ? [] : lines.slice(from - 1, to);
  return slice.length ? `${slice.join('\n')}\n` : '';
}
