import { Injectable } from '@nestjs/common';
import {
  collectDefaultMetrics,
  Counter,
  Histogram,
  Registry,
} from 'prom-client';

/** Where a stored call came from. */
export type CallSource = 'put' | 'batch' | 'import';

/**
 * The service's Prometheus metrics, in a registry of this app's own (not prom-client's global
 * one), so that two apps in one process (the tests) do not collide.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  private readonly requestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly callsRecorded = new Counter({
    name: 'calls_recorded_total',
    help: 'Calls stored, by where they came from (replays and duplicates are not counted)',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });

  private readonly batchSize = new Histogram({
    name: 'call_batch_size',
    help: 'Calls per batch received, stored or not, by where the batch came from',
    labelNames: ['source'] as const,
    buckets: [1, 10, 50, 100, 250, 500, 1000, 5000],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** `route` is the route's pattern (`/mobile/:user_name/call`), never the URL asked for. */
  observeRequest(
    method: string,
    route: string,
    statusCode: number,
    seconds: number,
  ): void {
    this.requestDuration.observe(
      { method, route, status_code: String(statusCode) },
      seconds,
    );
  }

  recordedCalls(source: CallSource, count: number): void {
    if (count > 0) this.callsRecorded.inc({ source }, count);
  }

  receivedBatch(source: CallSource, size: number): void {
    this.batchSize.observe({ source }, size);
  }

  /** The metrics in Prometheus's text format. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
