import { applyDecorators, UnsupportedMediaTypeException } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';

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
 * Gives the routes marked {@link Upload} their larger body limit, as they are added: register
 * before the routes.
 */
export function registerUploadRoutes(fastify: FastifyInstance): void {
  fastify.addHook('onRoute', (route) => {
    if (
      (route.config as Record<string, unknown> | undefined)?.[UPLOAD] === true
    ) {
      route.bodyLimit = UPLOAD_BODY_LIMIT_BYTES;
    }
  });
}

/** The 415 of a CSV body sent to a route that reads JSON only. */
export function csvNotAccepted(): UnsupportedMediaTypeException {
  return new UnsupportedMediaTypeException(
    'The request body must be JSON, sent with Content-Type: application/json',
  );
}
