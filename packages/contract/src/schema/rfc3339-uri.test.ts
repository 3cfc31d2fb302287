import { describe, expect, it } from 'vitest';
import { isDateTime, isUri } from './rfc3339-uri.js';

describe('isDateTime', () => {
  it.each([
    ['2023-02-09T23:58:22.294Z', true],
    ['2023-03-01T23:42:57Z', true],
    ['2023-03-01t23:42:57z', true],
    ['2023-03-01 23:42:57Z', true],
    ['2023-03-01T23:42:57+01:00', true],
    ['2023-03-01T23:42:57.123456789-05:30', true],
    ['2024-02-29T00:00:00Z', true],
    ['2016-12-31T23:59:60Z', true],
    ['2023-02-29T00:00:00Z', false],
    ['1900-02-29T00:00:00Z', false],
    ['2000-02-29T00:00:00Z', true],
    ['2023-04-31T00:00:00Z', false],
    ['2023-13-01T00:00:00Z', false],
    ['2023-00-01T00:00:00Z', false],
    ['2023-01-00T00:00:00Z', false],
    ['2023-01-01T24:00:00Z', false],
    ['2023-01-01T23:60:00Z', false],
    ['2023-01-01T23:00:61Z', false],
    ['2023-03-01T23:42:57', false],
    ['2023-03-01T23:42:57.Z', false],
    ['2023-03-01T23:42:57+0100', false],
    ['2023-03-01T23:42:57+24:00', false],
    ['2023-03-01T23:42:57ZZ', false],
    ['2023-03-01', false],
    ['yesterday', false],
    ['x023-03-01T23:42:57Z', false],
    ['', false],
  ])('%s → %s', (text, want) => {
    expect(isDateTime(text)).toBe(want);
  });
});

describe('isUri', () => {
  it.each([
    [
      'https://s3.amazonaws.com/webflow-prod-assets/63938b302ea6b0aa6f3d8745/63e5889e7fe4eafa7384cea4_Vectors-Wrapper.svg',
      true,
    ],
    [
      'https://s3.amazonaws.com/x/660d83ce30f3a599ddb0bdb3_Screenshot%202024-03-20%20at%209.03.24%E2%80%AFPM-p-500.png',
      true,
    ],
    ['http://127.0.0.1:8080/v2/assets?x=1#frag', true],
    ['mailto:someone@example.com', true],
    ['urn:isbn:0451450523', true],
    ['https://[::1]:8080/', true],
    ['example.com/hostedimage.png', false],
    ['https://a.b/has space', false],
    ['https://a.b/ünicode', false],
    ['https://a.b/%zz', false],
    ['https://a.b/%2', false],
    ['//no-scheme', false],
    ['1http://x', false],
    ['', false],
  ])('%s → %s', (text, want) => {
    expect(isUri(text)).toBe(want);
  });
});
