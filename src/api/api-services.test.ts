import { describe, expect, it } from 'vitest';
import { apiServicesOf } from './api-middleware.js';

describe('the API’s services', () => {
  it('are the ones its routes use, handed over as an object of their own', () => {
    const names = ['apiKeys', 'audit', 'config', 'clock', 'sessions', 'login', 'people', 'webhooks', 'operator'];
    const services = Object.fromEntries(names.map((name) => [name, { name }]));
    const shared = apiServicesOf(services);
    expect(Object.keys(shared).filter((name) => (shared as Record<string, unknown>)[name] !== undefined)).toEqual([
      'apiKeys',
      'audit',
      'people',
      'webhooks',
    ]);
    expect(shared.people).toBe(services.people);
    expect(shared).not.toHaveProperty('config');
    expect(shared).not.toHaveProperty('sessions');
  });
});
