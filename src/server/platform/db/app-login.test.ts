import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.ts';
import { appPasswordFile, resolveAppLogin, scramVerifier, withLogin } from './app-login.ts';

const OWNER = 'postgres://postgres:kontingent-local@127.0.0.1:54329/kontingent';

describe('the application login', () => {
  it('for the embedded cluster generates a password once, keeps it with mode 0600 and reuses it', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kt-applogin-'));
    const config = loadConfig({ DATA_DIR: dataDir });
    const first = resolveAppLogin(config, OWNER, true);
    const file = appPasswordFile(dataDir);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.password).toBe(readFileSync(file, 'utf8').trim());
    expect(first.password!.length).toBeGreaterThanOrEqual(32);
    const url = new URL(first.url);
    expect(url.username).toBe('kontingent_app');
    expect(url.host).toBe('127.0.0.1:54329');
    expect(resolveAppLogin(config, OWNER, true)).toEqual(first);
  });

  it('for DATABASE_URL needs DATABASE_APP_PASSWORD or DATABASE_APP_URL', () => {
    const url = 'postgres://owner:secret@db.example:5432/kontingent?sslmode=require';
    expect(() => resolveAppLogin(loadConfig({ DATABASE_URL: url }), url, false)).toThrow(ConfigError);
    const managed = resolveAppLogin(
      loadConfig({ DATABASE_URL: url, DATABASE_APP_PASSWORD: 'p@ss:w%rd/with?odd#chars' }),
      url,
      false,
    );
    expect(managed.role).toBe('kontingent_app');
    const u = new URL(managed.url);
    expect(decodeURIComponent(u.password)).toBe('p@ss:w%rd/with?odd#chars');
    expect(u.searchParams.get('sslmode')).toBe('require');
    const given = 'postgres://app_login:x@db.example/kontingent';
    expect(resolveAppLogin(loadConfig({ DATABASE_URL: url, DATABASE_APP_URL: given }), url, false)).toEqual({
      role: 'app_login',
      password: null,
      url: given,
    });
  });

  it('hands PostgreSQL a SCRAM verifier, never the password', () => {
    const v = scramVerifier('a-secret-password');
    expect(v).toMatch(/^SCRAM-SHA-256\$4096:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(v).not.toContain('a-secret-password');
    expect(withLogin(OWNER, 'r', 'pw')).toBe('postgres://r:pw@127.0.0.1:54329/kontingent');
  });
});
