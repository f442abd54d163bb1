import type { LoggerService } from '@nestjs/common';
import type { FastifyServerOptions } from 'fastify';
import type { DestinationStream } from 'pino';
import { PinoNestLogger } from './pino-nest-logger.js';
import { requestIdFrom, REQUEST_ID_HEADER } from './request-id.js';
import { RequestLogController } from './request-log.controller.js';
import {
  createRootLogger,
  pinoLevelOf,
  type LoggerOption,
} from './root-logger.js';

export interface Logging {
  /** For the Fastify adapter: the pino logger, the request id, one log line per request. */
  readonly fastify: Pick<
    FastifyServerOptions,
    'loggerInstance' | 'genReqId' | 'requestIdHeader' | 'logController'
  >;
  /** For `NestFactory.create`: Nest's own lines, through the same pino logger. */
  readonly nest: LoggerService;
}

/**
 * Structured JSON logs for the whole app, at the level that Nest's `logger` option asks for. A
 * logger service given instead is kept for Nest's lines; requests are then logged at `info`.
 */
export function createLogging(
  option: LoggerOption,
  destination?: DestinationStream,
): Logging {
  const root = createRootLogger(pinoLevelOf(option), destination);
  return {
    fastify: {
      loggerInstance: root,
      // Fastify would take any header value as the id; ours first checks it is sane.
      requestIdHeader: false,
      genReqId: (request) => requestIdFrom(request.headers[REQUEST_ID_HEADER]),
      // Its lines' fields are fixed and hold no secret: nothing to redact.
      logController: new RequestLogController(root.child({}, { redact: [] })),
    },
    nest:
      option !== undefined && option !== false && !Array.isArray(option)
        ? option
        : new PinoNestLogger(root),
  };
}
