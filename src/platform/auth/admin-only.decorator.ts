import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiResponse, ApiSecurity } from '@nestjs/swagger';
import { ADMIN_KEY_SCHEME } from '../http/openapi/finish-document.js';
import { problemContent } from '../http/openapi/problem-schema.js';

/** The metadata key `@AdminOnly()` sets, read by the API-key guard. */
export const ADMIN_ONLY = 'auth:admin-only';

/**
 * Only an admin key (`ADMIN_API_KEYS`) may call the route or the controller's routes: another
 * valid key gets 403. Every `/admin/...` route is admin-only anyway; this marks the others (a
 * void) and says so in the OpenAPI document.
 */
export function AdminOnly(): ClassDecorator & MethodDecorator {
  return applyDecorators(
    SetMetadata(ADMIN_ONLY, true),
    ApiSecurity(ADMIN_KEY_SCHEME),
    ApiResponse({
      status: 403,
      description:
        'A valid API key without the admin role: only `ADMIN_API_KEYS` may call this.',
      content: problemContent(403),
    }),
  );
}
