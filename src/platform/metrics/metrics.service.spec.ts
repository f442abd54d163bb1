import { MetricsService } from './metrics.service.js';

describe('MetricsService', () => {
  it('counts stored calls by source, and ignores a batch that stored none', async () => {
    const metrics = new MetricsService();

    metrics.recordedCalls('put', 1);
    metrics.recordedCalls('put', 1);
    metrics.recordedCalls('batch', 998);
    metrics.recordedCalls('import', 0);

    const text = await metrics.render();
    expect(text).toContain('calls_recorded_total{source="put"} 2');
    expect(text).toContain('calls_recorded_total{source="batch"} 998');
    expect(text).not.toContain('source="import"');
  });

  it('observes batch sizes in buckets up to the import’s 5,000', async () => {
    const metrics = new MetricsService();

    metrics.receivedBatch('batch', 3);
    metrics.receivedBatch('import', 5000);

    const text = await metrics.render();
    expect(text).toContain('call_batch_size_bucket{le="10",source="batch"} 1');
    expect(text).toContain(
      'call_batch_size_bucket{le="1000",source="import"} 0',
    );
    expect(text).toContain(
      'call_batch_size_bucket{le="5000",source="import"} 1',
    );
    expect(text).toContain('call_batch_size_sum{source="batch"} 3');
  });

  it('times requests by method, route and status code', async () => {
    const metrics = new MetricsService();

    metrics.observeRequest('PUT', '/mobile/:user_name/call', 201, 0.003);

    expect(await metrics.render()).toContain(
      'http_request_duration_seconds_bucket{le="0.005",method="PUT",route="/mobile/:user_name/call",status_code="201"} 1',
    );
  });

  it('includes the process’s default metrics', async () => {
    const text = await new MetricsService().render();

    expect(text).toContain('process_resident_memory_bytes');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('keeps each instance’s metrics apart (two apps in one process)', async () => {
    const first = new MetricsService();
    const second = new MetricsService();

    first.recordedCalls('put', 5);

    expect(await second.render()).not.toContain('calls_recorded_total{');
  });

  it('names the Prometheus text format as its content type', () => {
    expect(new MetricsService().contentType).toMatch(
      /^text\/plain; version=0\.0\.4/,
    );
  });
});
