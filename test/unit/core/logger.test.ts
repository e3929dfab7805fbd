import { Writable } from 'node:stream';
import { createLogger } from '../../../core/logger.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, logger: createLogger({ service: 'test', level: 'info', destination }) };
}

describe('logger', () => {
  it('writes JSON lines with the service name and never the secrets it is handed', () => {
    const { lines, logger } = capture();
    logger.info(
      {
        authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.secret.sig',
        headers: { authorization: 'Basic cmVzeW5jOnJlc3luYw==' },
        connectionParams: { authorization: 'Bearer ws-token' },
        password: 'hunter2',
        apiKey: 'nvapi-123',
        provider: { apiKey: 'sk-456', token: 'tok', secret: 'shh' },
        jobName: 'LOAD_DW_SALES',
      },
      'something happened',
    );
    const line = lines.join('');
    const parsed = JSON.parse(line) as Record<string, unknown>;
    expect(parsed).toMatchObject({
      service: 'test',
      level: 'info',
      msg: 'something happened',
      jobName: 'LOAD_DW_SALES',
    });
    for (const secret of [
      'eyJhbGciOiJIUzI1NiJ9',
      'cmVzeW5jOnJlc3luYw',
      'ws-token',
      'hunter2',
      'nvapi-123',
      'sk-456',
      '"tok"',
      'shh',
    ]) {
      expect(line).not.toContain(secret);
    }
    expect(line).toContain('[REDACTED]');
  });
});
