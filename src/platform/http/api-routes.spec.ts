import { isApiRoute } from './api-routes.js';

describe('isApiRoute', () => {
  it.each([
    ['/mobile/:user_name/call', true],
    ['/mobile/:user_name/billing', true],
    ['/mobile/:user_name/calls', true],
    ['/calls/batch', true],
    ['/calls', true],
    ['/health', false],
    ['/metrics', false],
    ['/docs', false],
    ['/docs-json', false],
    ['/mobile-app', false],
    ['/callsign', false],
    ['/', false],
    [undefined, false],
  ])('%p → %p', (path, expected) => {
    expect(isApiRoute(path)).toBe(expected);
  });
});
