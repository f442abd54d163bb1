/**
 * The billing API proper: its routes need an API key, count against the rate limit and need the
 * database. Everything else (`/health`, `/metrics`, `/docs`) is for operators and stays open.
 */
export const API_ROUTE_PREFIXES = ['/mobile', '/calls'] as const;

/** Whether the route pattern `path` (e.g. `/mobile/:user_name/call`) is the API's. */
export function isApiRoute(path: string | undefined): boolean {
  if (path === undefined) return false;
  return API_ROUTE_PREFIXES.some(
    (prefix) => path === prefix || path.startsWith(`${prefix}/`),
  );
}
