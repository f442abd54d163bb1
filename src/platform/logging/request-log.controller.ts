import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

export const REQUEST_ID_LOG_LABEL = 'request_id';

/**
 * One line per request, when it is answered: method, URL, route, status and time. Fastify's
 * default is two lines (incoming, completed), the first without the outcome.
 */
export class RequestLogController extends LogController {
  constructor() {
    super({ requestIdLogLabel: REQUEST_ID_LOG_LABEL });
  }

  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const fields = {
      method: request.method,
      url: request.url,
      route: request.routeOptions.url,
      status_code: reply.statusCode,
      response_time_ms: Math.round(reply.elapsedTime * 10) / 10,
    };
    if (error) reply.log.error({ ...fields, err: error }, 'request errored');
    else reply.log.info(fields, 'request completed');
  }
}
