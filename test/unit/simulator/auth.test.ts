// Basic and Bearer authentication, engine/info, and the admin endpoints behind the same credentials.
import { json, startTestSim, type TestSim } from './support/sim.js';
import type { EngineInfo, ErrorBody } from './support/wire.js';

const basic = (u: string, p: string): string => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

describe('default credentials', () => {
  let t: TestSim;
  beforeAll(async () => {
    t = await startTestSim();
  });
  afterAll(() => t.sim.stop());

  test.each([
    ['no header', null],
    ['wrong password', basic('resync', 'nope')],
    ['unknown user', basic('admin', 'resync')],
    ['malformed basic', 'Basic !!!'],
    ['bearer without configured tokens', 'Bearer resync'],
    ['unknown scheme', 'Digest abc'],
  ])('401 with %s', async (_label, auth) => {
    const res = await t.fetch('engine/info', { auth });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('Basic');
    const body = await json<ErrorBody>(res);
    expect(body).toMatchObject({
      code: 'NOT_AUTHORIZED',
      exceptionName: expect.any(String),
      messages: [expect.stringMatching(/^AWS\w+E /)],
    });
  });

  test('resync/resync reads engine/info (EngineInfoV2)', async () => {
    const info = await t.get<EngineInfo>('engine/info');
    expect(info).toMatchObject({
      displayVersion: expect.any(String),
      licenseType: 'PERSERVER',
      timezone: 'America/Sao_Paulo',
    });
  });

  test('admin endpoints need the same credentials', async () => {
    expect((await t.fetch('/_sim/stats', { auth: null })).status).toBe(401);
    expect((await t.fetch('/_sim/stats')).status).toBe(200);
  });

  test('unknown paths are 404 and wrong methods 405, with the AWS-style body', async () => {
    const missing = await t.fetch('plan/nothing');
    expect(missing.status).toBe(404);
    expect((await json<ErrorBody>(missing)).code).toBe('NOT_FOUND');
    const wrong = await t.fetch('engine/info', { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect((await t.fetch('/twsd/other')).status).toBe(404);
  });
});

describe('configured users and bearer tokens', () => {
  let t: TestSim;
  beforeAll(async () => {
    t = await startTestSim({
      users: [{ username: 'ops', password: 's3cret:with:colons' }],
      bearerTokens: ['tok-123'],
    });
  });
  afterAll(() => t.sim.stop());

  test('custom user replaces the default one', async () => {
    expect((await t.fetch('engine/info', { auth: basic('ops', 's3cret:with:colons') })).status).toBe(200);
    expect((await t.fetch('engine/info', { auth: basic('resync', 'resync') })).status).toBe(401);
  });

  test('bearer token accepted, wrong token refused; actions record the principal', async () => {
    expect((await t.fetch('engine/info', { auth: 'Bearer tok-123' })).status).toBe(200);
    expect((await t.fetch('engine/info', { auth: 'Bearer tok-124' })).status).toBe(401);
    await t.fetch('plan/job/action/hold?oql=name%3D%27NONE%27', { method: 'PUT', auth: 'Bearer tok-123' });
    expect(t.sim.actions().at(-1)?.user).toBe('bearer');
  });
});
