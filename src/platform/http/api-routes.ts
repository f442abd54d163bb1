/**
 * The billing API proper: its routes need an API key, count against the rate limit and need the
 * database. Everything else (`/health`, `/metrics`, `/docs`) is for operators and stays open.
 */
export const API_ROUTE_PREFIXES = ['/mobile', '/calls', '/admin'] as const;

/** The routes that only an admin key may call (and others marked `@AdminOnly()`). */
export const ADMIN_ROUTE_PREFIX = '/admin';

function under(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

/** Whether the route pattern `path` (e.g. `/mobile/:user_name/call`) is the API's. */
export function isApiRoute(path: string | undefined): boolean {
  if (path === undefined) return false;
  return API_ROUTE_PREFIXES.some((prefix) => under(path, prefix));
}

/** Whether the route pattern `path` is an administrator's (`/admin/...`). */
export function isAdminRoute(path: string | undefined): boolean {
  return path !== undefined && under(path, ADMIN_ROUTE_PREFIX);
}
