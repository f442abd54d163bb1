import { publicHealth } from './public-health.js';

describe('publicHealth', () => {
  it('keeps up or down per check and drops every message', () => {
    const down = {
      status: 'down' as const,
      message: 'connect ECONNREFUSED 10.0.0.5:3306',
      responseTime: 3,
    };

    expect(
      publicHealth({
        status: 'error',
        info: {},
        error: { database: down },
        details: { database: down },
      }),
    ).toEqual({
      status: 'error',
      info: {},
      error: { database: { status: 'down' } },
      details: { database: { status: 'down' } },
    });
  });
});
