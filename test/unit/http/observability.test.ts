import { describe, expect, it, vi } from 'vitest';
import { routes } from '../../../shared/contract/routes.ts';
import { observability } from '../../../shared/http/middlewares/observability.ts';
import type { PipelineRequest, RequestState } from '../../../shared/http/pipeline.ts';
import { requestOf } from '../../helpers/events.ts';

const KEY = 'POST /v1/boards/{boardId}/years/{yearId}/expenditure';

function answered(status: number, extra: Partial<RequestState> = {}): PipelineRequest {
  const request = requestOf({ routeKey: KEY, path: '/v1/boards/b/years/2024-25/expenditure' });
  request.internal.state = {
    fn: 'expenditure',
    key: KEY,
    spec: routes[KEY],
    requestId: 'req-1',
    started: Date.now() - 5,
    now: new Date(),
    headers: {},
    ...extra,
  };
  request.response = { statusCode: status };
  return request;
}

describe('observability', () => {
  it('names the service after the function group, publishes in the SabBudget namespace, honours LOG_LEVEL in any case', async () => {
    const obs = observability('expenditure', { LOG_LEVEL: 'silent' });
    expect(obs.logger.getLevelName()).toBe('SILENT');
    obs.metrics.addMetric('Probe', 'Count', 1);
    const serialized = await obs.metrics.serializeMetrics();
    expect(serialized._aws.CloudWatchMetrics[0]?.Namespace).toBe('SabBudget');
    expect(serialized.service).toBe('expenditure');
  });

  it('publishes what a request counted as one EMF line at its end, and writes nothing for a request that counted nothing', async () => {
    // Prepare
    const obs = observability('expenditure', { LOG_LEVEL: 'silent' });
    const written: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const publish = obs.middlewares[1];

    try {
      // Act: a read (nothing counted), then a post
      await publish?.after?.(answered(200));
      const afterRead = written.length;
      obs.metrics.addMetric('EntriesPosted', 'Count', 1);
      obs.metrics.addMetric('EntriesPosted', 'Count', 1);
      await publish?.after?.(answered(201));
      await publish?.after?.(answered(200));

      // Assess
      expect(afterRead).toBe(0);
      const emf = written.map((w) => JSON.parse(w) as Record<string, unknown>);
      expect(emf).toHaveLength(1);
      expect(emf[0]).toMatchObject({ service: 'expenditure', EntriesPosted: [1, 1] });
      expect(obs.metrics.hasStoredMetrics()).toBe(false);
    } finally {
      write.mockRestore();
    }
  });

  it('logs one line per request and counts the business metric of a successful answer, not of a replay or a refusal', async () => {
    // Prepare
    const obs = observability('expenditure', { LOG_LEVEL: 'INFO' });
    const lines: unknown[] = [];
    vi.spyOn(obs.logger, 'info').mockImplementation((...args: unknown[]) => void lines.push(args));
    const counted = vi.spyOn(obs.metrics, 'addMetric');
    const line = obs.middlewares[2];

    // Act
    await line?.after?.(answered(201));
    await line?.after?.(answered(201, { replay: { statusCode: 201 } }));
    await line?.onError?.(answered(422));
    await line?.after?.(answered(200, { reply: { status: 200, metrics: { InvoicesIssued: 3 } } }));

    // Assess
    expect(lines).toHaveLength(4);
    expect(lines[0]).toEqual(['request', expect.objectContaining({ requestId: 'req-1', route: KEY, status: 201 })]);
    expect(counted.mock.calls.map((c) => [c[0], c[2]])).toEqual([
      ['EntriesPosted', 1],
      ['EntriesPosted', 1],
      ['InvoicesIssued', 3],
    ]);
  });
});
