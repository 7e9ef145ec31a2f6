import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  it('defaults to demo mode in development', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, demoAccounts: true, demoIdp: true, env: 'development' });
  });

  it('refuses production with demo accounts or the demo identity provider', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DEMO_ACCOUNTS: 'true' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production', DEMO_IDP: 'true' })).toThrow(/demo identity provider/);
    const prod = loadConfig({ NODE_ENV: 'production' });
    expect(prod).toMatchObject({ demoAccounts: false, demoIdp: false });
  });

  it('stops on a bad value and names it', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ DEMO_PASSWORD: 'short' })).toThrow(/DEMO_PASSWORD/);
    expect(() => loadConfig({ ESIA_ISSUER: 'https://esia.gosuslugi.ru' })).toThrow(/together/);
  });

  it('uses secure cookies behind https', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://kontingent.example.ru' }).cookieSecure).toBe(true);
    expect(loadConfig({}).cookieSecure).toBe(false);
  });
});
