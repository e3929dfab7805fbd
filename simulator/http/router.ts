// Minimal path router: `plan/job/{job_id}/action/hold` style templates. When several templates match,
// the one with more literal segments wins (`plan/job/count` before `plan/job/{job_id}`).
import { SimError } from '../errors.js';
import type { Handler, Route } from './types.js';

interface Compiled {
  route: Route;
  segments: Array<{ literal: string } | { param: string }>;
  literals: number;
}

export interface Match {
  handler: Handler;
  params: Record<string, string>;
  route: Route;
}

export class Router {
  private readonly compiled: Compiled[];

  constructor(routes: readonly Route[]) {
    this.compiled = routes
      .map((route) => {
        const segments = route.path
          .split('/')
          .map((s) => (s.startsWith('{') && s.endsWith('}') ? { param: s.slice(1, -1) } : { literal: s }));
        return { route, segments, literals: segments.filter((s) => 'literal' in s).length };
      })
      .sort((a, b) => b.literals - a.literals);
  }

  get routes(): Route[] {
    return this.compiled.map((c) => c.route);
  }

  /** Finds the handler; throws NOT_FOUND for unknown paths and METHOD_NOT_ALLOWED for known ones. */
  match(method: string, path: string): Match {
    const parts = path.split('/');
    let pathKnown = false;
    for (const c of this.compiled) {
      if (c.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let hit = true;
      for (let i = 0; i < parts.length && hit; i++) {
        const seg = c.segments[i];
        const part = parts[i] as string;
        if (!seg) hit = false;
        else if ('literal' in seg) hit = seg.literal === part;
        else if (part === '') hit = false;
        else params[seg.param] = safeDecode(part);
      }
      if (!hit) continue;
      pathKnown = true;
      if (c.route.method === method) return { handler: c.route.handler, params, route: c.route };
    }
    if (pathKnown)
      throw new SimError('METHOD_NOT_ALLOWED', `The method ${method} is not allowed on this resource.`);
    throw new SimError('NOT_FOUND', `The resource /${path} does not exist.`);
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
