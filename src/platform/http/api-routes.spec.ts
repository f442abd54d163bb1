import { isAdminRoute, isApiRoute } from './api-routes.js';

describe('isApiRoute', () => {
  it.each([
    ['/mobile/:user_name/call', true],
    ['/mobile/:user_name/billing', true],
    ['/mobile/:user_name/calls', true],
    ['/calls/batch', true],
    ['/calls', true],
    ['/admin/plans', true],
    ['/health', false],
    ['/metrics', false],
    ['/docs', false],
    ['/docs-json', false],
    ['/mobile-app', false],
    ['/callsign', false],
    ['/administrator', false],
    ['/', false],
    [undefined, false],
  ])('%p → %p', (path, expected) => {
    expect(isApiRoute(path)).toBe(expected);
  });
});

describe('isAdminRoute', () => {
  it.each([
    ['/admin', true],
    ['/admin/plans/:plan/versions/:effective_from', true],
    ['/administrator', false],
    ['/mobile/:user_name/call', false],
    [undefined, false],
  ])('%p → %p', (path, expected) => {
    expect(isAdminRoute(path)).toBe(expected);
  });
});
