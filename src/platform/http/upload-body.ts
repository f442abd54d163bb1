import { applyDecorators, UnsupportedMediaTypeException } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RequestPayload,
} from 'fastify';
import { keyRefusal } from '../auth/api-key.guard.js';
import type { ApiKeys } from '../auth/api-keys.js';
import { ServiceUnavailableError } from '../errors/service-unavailable.error.js';
import type { ContinueGate } from './continue-when-read.js';

/** The body limit of an upload route (a tariff version's rates); 1 MiB stays everywhere else. */
export const UPLOAD_BODY_LIMIT_BYTES = 64 * 1024 * 1024;

const UPLOAD = 'upload';

/** The media types an upload route reads, as `UploadedBody.format` names them. */
export type UploadFormat = 'json' | 'csv';

/** An upload's bytes: whole, or the chunks of a body read as it arrives; `size` when known. */
export interface UploadSource {
  readonly chunks: Uint8Array | AsyncIterable<Uint8Array>;
  readonly size?: number;
}

/**
 * An upload's body as it came (inflated, not parsed): the route reads it a slice at a time, where
 * `JSON.parse` would hold the event loop for the whole of it. A JSON body comes whole; a CSV body
 * as it arrives (`streamed-body.ts`), never gathered in memory. The request keeps this object to
 * its end; the source is handed over once ({@link take}), so that whole bytes are let go as soon
 * as they are read, not held through what the route does next.
 */
export class UploadedBody {
  private source: UploadSource | undefined;

  constructor(
    readonly format: UploadFormat,
    source: UploadSource,
  ) {
    this.source = source;
  }

  /** The source, once; an empty body after. */
  take(): UploadSource {
    const source = this.source ?? { chunks: new Uint8Array(0), size: 0 };
    this.source = undefined;
    return source;
  }
}

/**
 * Marks a route as an upload: a body up to {@link UPLOAD_BODY_LIMIT_BYTES}, JSON or
 * `text/csv`, handed over as an {@link UploadedBody}.
 */
export function Upload(): MethodDecorator {
  return applyDecorators(RouteConfig({ [UPLOAD]: true }));
}

export function isUploadRoute(request: FastifyRequest): boolean {
  const config = request.routeOptions.config as unknown as Record<
    string,
    unknown
  >;
  return config[UPLOAD] === true;
}

/**
 * Gives the routes marked {@link Upload} (admin routes all) their larger body limit, as they are
 * added, and two checks before a byte of their body is read: register before the routes.
 *
 * - The admin key, as the guard would check it once the body is in: otherwise anyone could make
 *   the service receive 64 MiB before its 401.
 * - One JSON body at a time. A JSON body is received whole (only CSV is read as it arrives) and
 *   then waits for its turn to be stored (`TariffVersionsService`): twenty uploads at once would
 *   hold twenty such bodies. Another JSON upload that arrives while one is being received or
 *   stored is refused with a 503; Node drops its body unread.
 *
 * A client that waits for `100 Continue` before it sends the body gets it only once its upload
 * is admitted (`continues`, from `continueWhenRead`).
 */
export function registerUploadRoutes(
  fastify: FastifyInstance,
  keys: ApiKeys,
  continues: ContinueGate,
): void {
  const admit = uploadAdmission(keys, continues);
  fastify.addHook('onRoute', (route) => {
    if (
      (route.config as Record<string, unknown> | undefined)?.[UPLOAD] === true
    ) {
      route.bodyLimit = UPLOAD_BODY_LIMIT_BYTES;
      route.preParsing = [
        ...(route.preParsing === undefined ? [] : [route.preParsing].flat()),
        admit,
      ];
    }
  });
}

type PreParsing = (
  request: FastifyRequest,
  reply: FastifyReply,
  payload: RequestPayload,
  done: (error: Error | null, payload?: RequestPayload) => void,
) => void;

/**
 * The hook that checks the admin key, then holds a JSON upload's place from its first byte until
 * its response has ended. A client that leaves sooner ends it too; its upload, if still waiting
 * for its turn, then stops waiting (`abandonment.ts`), and its body goes with it.
 */
function uploadAdmission(keys: ApiKeys, continues: ContinueGate): PreParsing {
  let held = false;
  return (request, reply, payload, done) => {
    const refusal = keyRefusal(keys, request.headers.authorization, () => true);
    if (refusal !== undefined) {
      done(refusal);
      return;
    }
    if (isCsv(request.headers['content-type'])) {
      continues.grant(request, reply);
      done(null, payload);
      return;
    }
    if (held) {
      done(
        new ServiceUnavailableError(
          'Another version upload in JSON is being received or stored; retry, or send the rates as text/csv',
          5,
        ),
      );
      return;
    }
    held = true;
    reply.raw.once('close', () => (held = false));
    continues.grant(request, reply);
    done(null, payload);
  };
}

function isCsv(contentType: string | undefined): boolean {
  return /^\s*text\/csv\s*(;|$)/i.test(contentType ?? '');
}

/** The 415 of a CSV body sent to a route that reads JSON only. */
export function csvNotAccepted(): UnsupportedMediaTypeException {
  return new UnsupportedMediaTypeException(
    'The request body must be JSON, sent with Content-Type: application/json',
  );
}
