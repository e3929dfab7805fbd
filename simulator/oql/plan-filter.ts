// conman-style `plan_filter` selectors (`/@/@#/@/@.@` = every job; `/@/@#/@/@` = every job stream):
// `[wsFolder/]WS#[folder/]STREAM[.JOB]`, `@` matching any run of characters and `?` one character. A
// leading `/@/` matches any folder including the root one. Used by the count endpoints and as an
// alternative to `oql` on lists.
import { SimError } from '../errors.js';

function globPart(pattern: string, withFolder: boolean): RegExp {
  let p = pattern;
  if (withFolder && !p.startsWith('/')) p = `/${p}`;
  let source = '';
  let rest = p;
  if (withFolder && rest.startsWith('/@/')) {
    source = '/(?:.*/)?';
    rest = rest.slice(3);
  }
  for (const ch of rest) {
    if (ch === '@') source += '.*';
    else if (ch === '?') source += '.';
    else source += ch.replace(/[\\^$.|+*()[\]{}]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

export interface PlanFilter {
  matches(workstation: string, stream: string, job?: string): boolean;
}

export function parsePlanFilter(filter: string, kind: 'job' | 'jobstream'): PlanFilter {
  const text = filter.trim();
  if (text === '' || /\s/.test(text))
    throw new SimError('INVALID_PARAMETER', `The plan filter "${filter}" is not valid.`);
  const hash = text.indexOf('#');
  const wsPart = hash >= 0 ? text.slice(0, hash) : '@';
  const rest = hash >= 0 ? text.slice(hash + 1) : text;
  let streamPart = rest;
  let jobPart = '@';
  if (kind === 'job') {
    const dot = rest.lastIndexOf('.');
    if (dot >= 0) {
      streamPart = rest.slice(0, dot);
      jobPart = rest.slice(dot + 1);
    }
  }
  if (wsPart === '' || streamPart === '' || jobPart === '')
    throw new SimError('INVALID_PARAMETER', `The plan filter "${filter}" is not valid.`);
  const ws = globPart(wsPart, true);
  const stream = globPart(streamPart, true);
  const job = globPart(jobPart, false);
  return {
    matches: (w, s, j) => ws.test(`/${w}`) && stream.test(`/${s}`) && (j === undefined || job.test(j)),
  };
}
