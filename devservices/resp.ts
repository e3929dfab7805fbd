// A one-shot RESP client, enough for readiness probes (PING, CLUSTER INFO). devservices probes
// with this rather than ioredis so that a half-started server never leaves a reconnecting client
// (and its error events) behind.
import { connect } from 'node:net';

import { LOCALHOST } from './ports.js';

export function redisCommand(port: number, args: readonly string[], timeoutMs = 1_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: LOCALHOST, port });
    let buffer = '';
    const finish = (err: Error | null, value?: string) => {
      socket.destroy();
      if (err) reject(err);
      else resolve(value ?? '');
    };
    socket.setTimeout(timeoutMs, () => finish(new Error(`redis :${port} did not answer ${args[0] ?? ''}`)));
    socket.once('error', (err) => finish(err));
    socket.once('connect', () => {
      socket.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`);
    });
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const reply = parseReply(buffer);
      if (reply === undefined) return;
      if (reply.error) finish(new Error(reply.error));
      else finish(null, reply.value);
    });
  });
}

/** Parses one simple/error/integer/bulk reply; undefined while it is still incomplete. */
function parseReply(buf: string): { value?: string; error?: string } | undefined {
  const eol = buf.indexOf('\r\n');
  if (eol < 0) return undefined;
  const head = buf.slice(1, eol);
  switch (buf[0]) {
    case '+':
    case ':':
      return { value: head };
    case '-':
      return { error: head };
    case '$': {
      const len = Number(head);
      if (len < 0) return { value: '' };
      const body = Buffer.from(buf.slice(eol + 2), 'utf8');
      return body.length >= len + 2 ? { value: body.subarray(0, len).toString('utf8') } : undefined;
    }
    default:
      return { error: `unexpected RESP reply: ${buf.slice(0, 40)}` };
  }
}
