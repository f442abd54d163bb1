import { prettyLine } from './pretty-lines.js';

describe('prettyLine', () => {
  const line = JSON.stringify({
    level: 'info',
    time: '2026-11-24T10:15:30.123Z',
    pid: 7,
    hostname: 'box',
    request_id: 'r-1',
    method: 'PUT',
    url: '/mobile/alice/call',
    status_code: 201,
    msg: 'request completed',
  });

  it('puts the time, level and message first, then the other fields', () => {
    expect(prettyLine(line, false)).toBe(
      '10:15:30.123 INFO  request completed request_id=r-1 method=PUT url=/mobile/alice/call status_code=201\n',
    );
  });

  it('shows the context, and quotes values with spaces', () => {
    expect(
      prettyLine(
        JSON.stringify({
          level: 'warn',
          time: '2026-11-24T10:15:30.123Z',
          context: 'Database',
          reason: 'connect refused',
          msg: 'retrying',
        }),
        false,
      ),
    ).toBe('10:15:30.123 WARN  [Database] retrying reason="connect refused"\n');
  });

  it('colours the level for a terminal', () => {
    expect(prettyLine(line, true)).toContain('\u001b[32mINFO \u001b[0m');
  });

  it('leaves a line that is not JSON as it is', () => {
    expect(prettyLine('plain text\n', false)).toBe('plain text\n');
  });
});
