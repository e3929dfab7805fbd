import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import { sanitizeArguments, type AuditEntryInput, type AuditLog } from '../audit/index.js';
import type { Logger } from '../logger.js';
import type { BaseContext } from './context.js';

export interface AuditPluginOptions {
  audit: AuditLog;
  /** Service name recorded with each entry, e.g. `tws`. */
  service: string;
  logger: Logger;
}

/**
 * Appends one audit entry per root mutation field of every request — allowed or refused,
 * successful or failed — with the caller, roles, operation, sanitised arguments, outcome and
 * request id. The response waits for the entries to be stored, so a client that saw a
 * mutation's result can rely on it being in the trail.
 */
export function auditPlugin<C extends BaseContext>({
  audit,
  service,
  logger,
}: AuditPluginOptions): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      const entries: AuditEntryInput[] = [];
      return {
        async executionDidStart({ operation, operationName, contextValue }) {
          if (operation.operation !== 'mutation') return;
          return {
            willResolveField({ info, args }) {
              if (info.path.prev !== undefined) return;
              // graphql-shield *returns* its refusal (an Error value), which graphql-js then raises.
              return (thrown, result) => {
                const error = thrown ?? (result instanceof Error ? result : null);
                const code = (error as GraphQLError | null)?.extensions?.['code'];
                entries.push({
                  actor: contextValue.identity?.sub ?? 'anonymous',
                  roles: contextValue.identity?.roles ?? [],
                  service,
                  action: 'MUTATION',
                  operation: operationName ?? 'anonymous',
                  field: info.fieldName,
                  arguments: sanitizeArguments(args),
                  outcome: error ? 'ERROR' : 'OK',
                  errorCode: error ? (typeof code === 'string' ? code : 'INTERNAL') : undefined,
                  requestId: contextValue.requestId,
                });
              };
            },
          };
        },
        async willSendResponse() {
          if (entries.length === 0) return;
          const batch = entries.splice(0);
          // A failure is logged and counted by the audit log; the mutation already happened.
          await Promise.all(batch.map((entry) => audit.append(entry).catch(() => undefined)));
          logger.debug({ entries: batch.length }, 'mutation audited');
        },
      };
    },
  };
}
