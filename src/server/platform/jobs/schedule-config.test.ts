import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';

describe('schedules of background jobs in the configuration', () => {
  it('is off unless a cron expression is set', () => {
    expect(loadConfig({}).duplicateReportCron).toBeNull();
    expect(loadConfig({ DUPLICATE_REPORT_CRON: '' }).duplicateReportCron).toBeNull();
    expect(loadConfig({ DUPLICATE_REPORT_CRON: ' 0 2 * * 0 ' }).duplicateReportCron).toBe('0 2 * * 0');
    expect(loadConfig({ DUPLICATE_REPORT_CRON: '0 30 1 1 * *' }).duplicateReportCron).toBe('0 30 1 1 * *');
  });

  it('refuses an expression that is not cron, naming the variable', () => {
    for (const bad of ['every sunday', '61 2 * * 0', '0 2 * *', '0 2 * * 9', 'a b c d e']) {
      expect(() => loadConfig({ DUPLICATE_REPORT_CRON: bad }), bad).toThrow(/DUPLICATE_REPORT_CRON/);
    }
  });

  it('reads the expressions in a time zone of the configuration', () => {
    expect(loadConfig({}).cronTimezone).toBe('Asia/Irkutsk');
    expect(loadConfig({ CRON_TIMEZONE: 'Europe/Moscow' }).cronTimezone).toBe('Europe/Moscow');
    expect(() => loadConfig({ CRON_TIMEZONE: 'Mars/Olympus' })).toThrow(/CRON_TIMEZONE/);
  });
});
