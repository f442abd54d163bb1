/**
 * The routes the app serves, kept so that a request for a known path with the wrong method can be
 * answered `405` with an `Allow` header: Fastify itself only knows "not found".
 */
export class RouteTable {
  private readonly routes: {
    readonly method: string;
    readonly pattern: RegExp;
  }[] = [];

  add(methods: string | readonly string[], url: string): void {
    const pattern = new RegExp(
      `^${url
        .split('/')
        .map((segment) =>
          segment.startsWith(':')
            ? '[^/]+'
            : segment === '*'
              ? '.*'
              : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
        )
        .join('/')}/?$`,
    );
    for (const method of typeof methods === 'string' ? [methods] : methods) {
      this.routes.push({ method: method.toUpperCase(), pattern });
    }
  }

  /** The methods served at `path` (without its query string), sorted; empty for an unknown path. */
  allowedMethods(path: string): string[] {
    const methods = this.routes
      .filter((route) => route.pattern.test(path))
      .map((r) => r.method);
    return [...new Set(methods)].sort();
  }
}
