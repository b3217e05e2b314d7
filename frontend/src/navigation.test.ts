import { describe, expect, it } from 'vitest';
import { loginUrl, safeReturnTo } from './navigation';

describe('safeReturnTo', () => {
  it.each([
    ['/', '/'],
    ['/beheer/sso?sso_test=ok', '/beheer/sso?sso_test=ok'],
    ['/organisaties#x', '/organisaties#x'],
  ])('accepts the same-origin path %s', (value, expected) => {
    expect(safeReturnTo(value)).toBe(expected);
  });

  it.each([
    ['//evil.example/'],
    ['/\\evil.example'],
    ['https://evil.example/'],
    ['javascript:alert(1)'],
    ['beheer'],
    ['/a\nb'],
    ['/inloggen'],
    ['/inloggen?terug=/x'],
    [`/${'x'.repeat(1000)}`],
    [42],
    [undefined],
  ])('refuses %s', (value) => {
    expect(safeReturnTo(value)).toBeUndefined();
  });
});

describe('loginUrl', () => {
  it('builds the sign-in start URL with hint and return path', () => {
    expect(loginUrl('utrecht', { loginHint: 'a@utrecht.demo', returnTo: '/mijn-sessies' })).toBe(
      '/auth/utrecht/login?login_hint=a%40utrecht.demo&return_to=%2Fmijn-sessies',
    );
  });

  it('returns home when the return path is missing or unsafe', () => {
    expect(loginUrl('zeist')).toBe('/auth/zeist/login?return_to=%2F');
    expect(loginUrl('zeist', { returnTo: '//evil.example' })).toBe('/auth/zeist/login?return_to=%2F');
  });

  it('builds the SSO test URL', () => {
    expect(loginUrl('houten', { test: true, returnTo: '/beheer/sso' })).toBe(
      '/auth/houten/login?test=1&return_to=%2Fbeheer%2Fsso',
    );
  });
});
