import { RouteTable } from './route-table.js';

describe('RouteTable', () => {
  const table = new RouteTable();
  table.add('PUT', '/mobile/:user_name/call');
  table.add(['GET', 'HEAD'], '/mobile/:user_name/billing');
  table.add('GET', '/docs/*');

  it('lists the methods of a path that matches a parameterised route', () => {
    expect(table.allowedMethods('/mobile/alice/call')).toEqual(['PUT']);
    expect(table.allowedMethods('/mobile/alice/billing')).toEqual([
      'GET',
      'HEAD',
    ]);
  });

  it('matches wildcards', () => {
    expect(table.allowedMethods('/docs/swagger-ui.css')).toEqual(['GET']);
  });

  it('knows nothing of other paths', () => {
    expect(table.allowedMethods('/mobile/alice/calls/extra')).toEqual([]);
    expect(table.allowedMethods('/mobile//call')).toEqual([]);
    expect(table.allowedMethods('/nope')).toEqual([]);
  });
});
