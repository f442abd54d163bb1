import {
  Body,
  Controller,
  Get,
  Logger,
  Module,
  Post,
  Req,
} from '@nestjs/common';
import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import {
  FastifyAdapter,
  type NestFastifyApplication,
} from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { ProblemDetailsFilter } from '../errors/problem-details.filter.js';
import { RouteTable } from '../http/route-table.js';
import { createLogging } from './logging.js';
import { registerRequestIdHeader } from './request-id.js';

@Controller('echo')
class EchoController {
  @Post()
  async echo(
    @Body() body: unknown,
    @Req() request: FastifyRequest,
  ): Promise<{ ok: boolean }> {
    await new Promise((resolve) => setTimeout(resolve, 1));
    request.log.info({ context: 'Echo' }, 'handled');
    return { ok: body !== undefined };
  }

  @Get('fail')
  fail(): never {
    throw new Error('boom');
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}

type Line = Record<string, unknown>;

describe('the logging of a request', () => {
  let app: NestFastifyApplication;
  let baseUrl: string;
  const lines: Line[] = [];
  const raw: string[] = [];

  beforeAll(async () => {
    const logging = createLogging(['log', 'warn', 'error'], {
      write: (line: string) => {
        raw.push(line);
        lines.push(JSON.parse(line) as Line);
      },
    });
    const adapter = new FastifyAdapter(logging.fastify);
    registerRequestIdHeader(adapter.getInstance());
    app = await NestFactory.create<NestFastifyApplication>(
      EchoModule,
      adapter,
      { logger: logging.nest },
    );
    app.useGlobalFilters(
      new ProblemDetailsFilter(app.get(HttpAdapterHost), new RouteTable()),
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = await app.getUrl();
  });
  afterAll(async () => {
    await app.close();
  });
  beforeEach(() => {
    lines.length = 0;
    raw.length = 0;
  });

  const post = async () => {
    const response = await fetch(`${baseUrl}/echo?period=2026-11`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer top-secret-key',
        'content-type': 'application/json',
        'x-request-id': 'rid-1',
      },
      body: JSON.stringify({ secret_field: 'body-secret' }),
    });
    await response.text();
    return { statusCode: response.status };
  };

  it('carries the request id on every line of the request', async () => {
    const response = await post();

    expect(response.statusCode).toBe(201);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(line.request_id).toBe('rid-1');
    expect(lines).toContainEqual(
      expect.objectContaining({ msg: 'handled', context: 'Echo' }),
    );
  });

  it('writes one line per request, with its outcome', async () => {
    await post();

    const completed = lines.filter((line) => line.msg === 'request completed');
    expect(completed).toEqual([
      expect.objectContaining({
        level: 'info',
        request_id: 'rid-1',
        method: 'POST',
        url: '/echo?period=2026-11',
        route: '/echo',
        status_code: 201,
        response_time_ms: expect.any(Number) as number,
      }),
    ]);
  });

  it('writes no header and no body', async () => {
    await post();

    const text = raw.join('');
    expect(text).not.toContain('top-secret-key');
    expect(text).not.toContain('Bearer');
    expect(text).not.toContain('body-secret');
    expect(text).not.toContain('secret_field');
  });

  it('logs a fault with its stack, under the request id it generated', async () => {
    const response = await app.inject({ method: 'GET', url: '/echo/fail' });

    expect(response.statusCode).toBe(500);
    const id = response.headers['x-request-id'];
    expect(id).toEqual(expect.any(String));
    const fault = lines.find((line) => line.level === 'error');
    expect(fault).toMatchObject({
      request_id: id,
      context: 'ProblemDetailsFilter',
      msg: 'GET /echo/fail failed with 500',
      err: expect.objectContaining({
        message: 'boom',
        stack: expect.stringContaining('at ') as string,
      }) as object,
    });
    for (const line of lines) expect(line.request_id).toBe(id);
  });

  it('keeps lines outside any request free of a request id', () => {
    new Logger('Outside').log('not in a request');

    expect(lines).toEqual([
      expect.not.objectContaining({ request_id: expect.anything() as unknown }),
    ]);
  });
});
