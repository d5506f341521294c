import { describe, expect, it } from 'vitest';
import { deviceOf } from './device-name.js';

describe('deviceOf', () => {
  it.each([
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 ' +
        'Mobile/15E148 Safari/604.1',
      { browser: 'Safari', system: 'iPhone' },
    ],
    [
      'Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 ' +
        'Mobile/15E148 Safari/604.1',
      { browser: 'Safari', system: 'iPad' },
    ],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 ' +
        'Safari/537.36 Edg/131.0.0.0',
      { browser: 'Microsoft Edge', system: 'Windows' },
    ],
    [
      'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 ' +
        'Chrome/122.0.0.0 Mobile Safari/537.36',
      { browser: 'Samsung Internet for Android', system: 'Android' },
    ],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:132.0) Gecko/20100101 Firefox/132.0',
      { browser: 'Firefox', system: 'macOS' },
    ],
  ])('names the browser and the system of %s', (userAgent, expected) => {
    expect(deviceOf(userAgent)).toEqual(expected);
  });

  it('gives nothing for an empty, a missing or an unknown header', () => {
    expect(deviceOf(null)).toBeNull();
    expect(deviceOf('  ')).toBeNull();
    expect(deviceOf('curl/8.1.2')).toBeNull();
    expect(deviceOf('\u0000\uFFFD'.repeat(500))).toBeNull();
  });
});
