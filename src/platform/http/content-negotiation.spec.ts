import { negotiate } from './content-negotiation.js';

const OFFERED = ['application/json', 'application/pdf'];

describe('negotiate', () => {
  it.each([
    [undefined, 'application/json'],
    ['', 'application/json'],
    ['*/*', 'application/json'],
    ['application/*', 'application/json'],
    ['application/json', 'application/json'],
    ['application/pdf', 'application/pdf'],
    ['Application/PDF', 'application/pdf'],
    ['application/pdf, */*', 'application/pdf'],
    ['application/pdf;q=0.9, application/json;q=0.8', 'application/pdf'],
    ['application/json;q=0.5, application/pdf', 'application/pdf'],
    ['application/json, application/pdf', 'application/json'],
    ['application/pdf, application/json', 'application/json'],
    ['text/html, application/xhtml+xml, */*;q=0.8', 'application/json'],
    ['application/json; charset=utf-8', 'application/json'],
    ['application/pdf, application/*;q=0', 'application/pdf'],
    ['*/*, application/json;q=0', 'application/pdf'],
    ['application/pdf;q=1.000', 'application/pdf'],
    ['nonsense, application/pdf', 'application/pdf'],
    ['application/pdf;q=2, application/json;q=0.1', 'application/json'],
  ])('answers Accept: %p with %s', (accept, type) => {
    expect(negotiate(accept, OFFERED)).toBe(type);
  });

  it.each([
    'text/html',
    'text/csv',
    'application/problem+json',
    'image/*',
    'application/*;q=0',
    '*/*;q=0',
    'application/json;q=0, application/pdf;q=0',
    'nonsense',
    'application/pdf;q=abc',
  ])('allows neither for Accept: %s', (accept) => {
    expect(negotiate(accept, OFFERED)).toBeUndefined();
  });
});
