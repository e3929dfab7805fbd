// Free-port picking for servers that cannot bind port 0 themselves (redis-server treats 0 as
// "no TCP"). The port is free when we look; another process may take it before the server binds,
// so callers retry on "address in use" (see isAddressInUse).
import { createServer } from 'node:net';

export const LOCALHOST = '127.0.0.1';

export function freePort(host = LOCALHOST): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('could not pick a free port'))));
    });
  });
}

/** Matches the messages servers print when their port was taken between our check and their bind. */
export function isAddressInUse(text: string): boolean {
  return /address already in use|EADDRINUSE/i.test(text);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
