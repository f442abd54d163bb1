import { isAdminRoute, isApiRoute } from './api-routes.js';
import { itMapsEach } from '../../../test/support/spec/tables.js';

describe('isApiRoute', () => {
  itMapsEach('%p → %p', isApiRoute, [
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
  ]);
});

describe('isAdminRoute', () => {
  itMapsEach('%p → %p', isAdminRoute, [
    ['/admin', true],
    ['/admin/plans/:plan/versions/:effective_from', true],
    ['/administrator', false],
    ['/mobile/:user_name/call', false],
    [undefined, false],
  ]);
});
