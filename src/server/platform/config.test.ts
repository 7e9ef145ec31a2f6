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

  it('shows times in the region’s zone: Irkutsk by default, any IANA zone when set, a typo stops the start', () => {
    expect(loadConfig({}).timeZone).toBe('Asia/Irkutsk');
    expect(loadConfig({ REGION_TIME_ZONE: 'Asia/Yekaterinburg' }).timeZone).toBe('Asia/Yekaterinburg');
    expect(() => loadConfig({ REGION_TIME_ZONE: 'Asia/Irkutks' })).toThrow(/REGION_TIME_ZONE/);
  });

  it('uses secure cookies behind https', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://kontingent.example.ru' }).cookieSecure).toBe(true);
    expect(loadConfig({}).cookieSecure).toBe(false);
  });

  it('names the operator of the personal data for destruction acts', () => {
    expect(loadConfig({}).operator).toEqual({
      name: 'Министерство образования Иркутской области',
      inn: null,
      ogrn: null,
      address: null,
      signerPosition: 'Ответственный за организацию обработки персональных данных',
    });
    const set = loadConfig({
      OPERATOR_NAME: '  Министерство просвещения Энской области ',
      OPERATOR_INN: '3808 1714 68',
      OPERATOR_OGRN: '1083808000715',
      OPERATOR_ADDRESS: 'г. Энск, ул. Центральная, д. 1',
      OPERATOR_SIGNER_POSITION: 'Заместитель министра',
    });
    expect(set.operator).toEqual({
      name: 'Министерство просвещения Энской области',
      inn: '3808171468',
      ogrn: '1083808000715',
      address: 'г. Энск, ул. Центральная, д. 1',
      signerPosition: 'Заместитель министра',
    });
  });

  it('stops on a bad operator detail and names it', () => {
    expect(() => loadConfig({ OPERATOR_NAME: '  ' })).toThrow(/OPERATOR_NAME/);
    expect(() => loadConfig({ OPERATOR_INN: '3808171465' })).toThrow(/OPERATOR_INN/);
    // A 12-digit ИНН belongs to an individual, not to the operator organisation.
    expect(() => loadConfig({ OPERATOR_INN: '500100732259' })).toThrow(/OPERATOR_INN/);
    expect(() => loadConfig({ OPERATOR_OGRN: '1083808000716' })).toThrow(/OPERATOR_OGRN/);
    expect(() => loadConfig({ OPERATOR_SIGNER_POSITION: 'x'.repeat(301) })).toThrow(
      /OPERATOR_SIGNER_POSITION/,
    );
  });
});
