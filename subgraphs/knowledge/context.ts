import { ResyncError } from '../../core/errors/index.js';
import type { BaseContext } from '../../core/server/index.js';
import type { KnowledgeLoaders } from './loaders.js';
import type { GraphDb } from './store/graph-db.js';
import type { KnowledgeSyncer } from './sync/syncer.js';
import type { Limits } from './validate.js';

/** What the knowledge resolvers need for one request. */
export interface KnowledgeServices {
  db: GraphDb;
  loaders: KnowledgeLoaders;
  syncer: KnowledgeSyncer;
  limits: Limits;
}

export interface KnowledgeContext extends BaseContext {
  knowledge?: KnowledgeServices;
  /** Set when Neo4j is not configured: every field answers with it. */
  notConfigured?: ResyncError;
}

export function servicesOf(ctx: KnowledgeContext): KnowledgeServices {
  if (ctx.notConfigured) throw ctx.notConfigured;
  if (!ctx.knowledge)
    throw new ResyncError('INTERNAL', 'knowledge services missing from the request context');
  return ctx.knowledge;
}
