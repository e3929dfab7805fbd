import type WebSocket from 'ws';
import type { Logger } from '../../core/logger.js';

/** Close code for a socket refused or closed for sending too much (graphql-ws treats it as fatal). */
export const CLOSE_RATE_LIMITED = 4429;

export interface SocketGuardOptions {
  /** Messages per second the client may send; more closes the socket. undefined = no limit. */
  messagesPerSecond: number | undefined;
  logger: Logger;
  /** Called once when a socket is closed for flooding (metrics). */
  onFlood?: () => void;
}

/**
 * Guards one gateway WebSocket, installed before graphql-ws attaches its own listeners:
 *
 * - a message flood (more than `messagesPerSecond` in a one-second window) closes the socket
 *   with 4429, and the messages over the budget are dropped before graphql-ws parses them:
 *   the check is synchronous because one TCP read can carry thousands of frames;
 * - protocol violations the `ws` library detects (oversized, non-UTF-8 or malformed frames)
 *   are the client's fault: `ws` already closes the socket (1009/1007/1002), and the error is
 *   logged at debug instead of reaching graphql-ws, which would print it with console.error.
 */
export function guardSocket(
  socket: WebSocket,
  { messagesPerSecond, logger, onFlood }: SocketGuardOptions,
): void {
  let windowStartedAt = 0;
  let inWindow = 0;
  let flooded = false;
  const emit = socket.emit.bind(socket) as (event: string | symbol, ...args: unknown[]) => boolean;
  const guarded = (event: string | symbol, ...args: unknown[]): boolean => {
    if (event === 'message' && messagesPerSecond !== undefined) {
      if (flooded) return false;
      const now = Date.now();
      if (now - windowStartedAt >= 1000) {
        windowStartedAt = now;
        inWindow = 0;
      }
      if (++inWindow > messagesPerSecond) {
        flooded = true;
        onFlood?.();
        socket.close(CLOSE_RATE_LIMITED, 'Too many messages');
        return false;
      }
    } else if (event === 'error' && isProtocolViolation(args[0])) {
      logger.debug({ err: (args[0] as Error).message }, 'websocket protocol violation by client');
      return false;
    }
    return emit(event, ...args);
  };
  socket.emit = guarded as typeof socket.emit;
}

/** Errors `ws` raises for frames a client should never send (see ws/doc/ws.md "Error codes"). */
function isProtocolViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('WS_ERR_');
}
