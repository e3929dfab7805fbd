import { EventEmitter } from 'node:events';
import type WebSocket from 'ws';
import { silentLogger } from '../../../../core/logger.js';
import { CLOSE_RATE_LIMITED, guardSocket } from '../../../../gateway/edge/socket-guard.js';

class FakeSocket extends EventEmitter {
  closes: Array<[number, string]> = [];
  close(code: number, reason: string) {
    this.closes.push([code, reason]);
  }
}

function guarded(messagesPerSecond: number | undefined) {
  const socket = new FakeSocket();
  let floods = 0;
  guardSocket(socket as unknown as WebSocket, {
    messagesPerSecond,
    logger: silentLogger(),
    onFlood: () => floods++,
  });
  const received: string[] = [];
  socket.on('message', (data: string) => received.push(data));
  return { socket, received, floods: () => floods };
}

describe('guardSocket', () => {
  afterEach(() => jest.useRealTimers());

  it('passes messages within the budget and drops a flood synchronously, closing once with 4429', () => {
    const { socket, received, floods } = guarded(5);
    for (let i = 0; i < 50; i++) socket.emit('message', `m${i}`);
    expect(received).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    expect(socket.closes).toEqual([[CLOSE_RATE_LIMITED, 'Too many messages']]);
    expect(floods()).toBe(1);
  });

  it('renews the budget every second', () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const { socket, received } = guarded(2);
    socket.emit('message', 'a');
    socket.emit('message', 'b');
    jest.setSystemTime(1_001_000);
    socket.emit('message', 'c');
    socket.emit('message', 'd');
    expect(received).toEqual(['a', 'b', 'c', 'd']);
    expect(socket.closes).toEqual([]);
  });

  it('does not limit messages when no budget is set', () => {
    const { socket, received } = guarded(undefined);
    for (let i = 0; i < 1000; i++) socket.emit('message', 'x');
    expect(received).toHaveLength(1000);
  });

  it('swallows the protocol errors ws raises for bad client frames, and forwards any other error', () => {
    const { socket } = guarded(5);
    const seen: Error[] = [];
    socket.on('error', (error: Error) => seen.push(error));
    const tooBig = Object.assign(new RangeError('Max payload size exceeded'), {
      code: 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH',
    });
    expect(socket.emit('error', tooBig)).toBe(false);
    const other = new Error('EPIPE');
    socket.emit('error', other);
    expect(seen).toEqual([other]);
  });
});
