import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startService } from '../helpers/process.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'sab-e2e-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function json(res: Response) {
  return { status: res.status, body: (await res.json()) as any };
}

describe('npm start', () => {
  it('serves the seeded API, stops cleanly on Ctrl-C, and keeps its data across a restart', async () => {
    const port = await freePort();
    const first = await startService({ PORT: String(port), DATA_DIR: dataDir });
    expect(first.url).toBe(`http://127.0.0.1:${port}`);
    expect(first.output()).toContain('/dev/tokens');

    expect((await json(await fetch(`${first.url}/v1/health`))).body.status).toBe('ok');
    const issued = await json(
      await fetch(`${first.url}/dev/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sub: 'e2e@test', roles: ['finance'], boardId: 'luton-sab' }),
      }),
    );
    const auth = { authorization: `Bearer ${issued.body.token}`, 'content-type': 'application/json' };
    const posted = await json(
      await fetch(`${first.url}/v1/boards/luton-sab/years/2025-26/expenditure`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ date: '2025-10-01', category: 'training', amount: '99.99', supplier: 'E2E Ltd', description: 'persisted?' }),
      }),
    );
    expect(posted.status).toBe(201);

    expect(await first.stop('SIGINT')).toBe(0);
    expect(first.output()).toContain('stopped; data kept.');

    const second = await startService({ PORT: String(port), DATA_DIR: dataDir });
    try {
      const read = await json(
        await fetch(`${second.url}/v1/boards/luton-sab/years/2025-26/expenditure/${posted.body.entryId}`, { headers: auth }),
      );
      expect(read.status).toBe(200);
      expect(read.body.amount).toBe('99.99');
      const list = await json(await fetch(`${second.url}/v1/boards/luton-sab/years/2024-25/expenditure?limit=200`, { headers: auth }));
      expect(list.body.items).toHaveLength(59); // the seed did not run twice
    } finally {
      expect(await second.stop('SIGTERM')).toBe(0);
    }
  }, 120_000);

  it('runs in memory with --memory', async () => {
    const port = await freePort();
    const svc = await startService({ PORT: String(port) }, ['--memory']);
    try {
      expect(svc.output()).toContain('in memory');
      expect((await fetch(`${svc.url}/v1/health`)).status).toBe(200);
    } finally {
      await svc.stop();
    }
  }, 120_000);
});
