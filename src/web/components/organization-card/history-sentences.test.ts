import { describe, expect, it } from 'vitest';
import { formatValue } from './HistoryTab.tsx';
import { organizationSentences } from './history-sentences.ts';

const entry = (action: string, changes: { field: string; before: unknown; after: unknown }[]) => ({
  version: 2,
  action,
  at: '2026-12-03T08:00:00Z',
  actor: null,
  changes,
});

describe('organization history in sentences', () => {
  it('tells only the parts of a composite value that changed', () => {
    const contacts = { phone: '+7 (3952) 11-22-33', email: 'school@example.ru', website: '' };
    const lines = organizationSentences(
      entry('update', [
        { field: 'contacts', before: contacts, after: { ...contacts, phone: '+7 (3952) 44-55-66' } },
      ]),
      formatValue,
    );
    expect(lines).toEqual(['Телефон: «+7 (3952) 11-22-33» → «+7 (3952) 44-55-66»']);
  });

  it('says what was added and removed, and never shows an id', () => {
    const lines = organizationSentences(
      entry('update', [
        { field: 'contacts', before: { phone: '' }, after: { phone: '+7 (3952) 44-55-66' } },
        {
          field: 'head',
          before: { fullName: 'Иванова Мария Петровна', position: 'Директор' },
          after: { position: 'Директор' },
        },
        { field: 'parentOrganizationId', before: null, after: '0b8f0c2e-1111-4a4a-8888-123456789abc' },
        { field: 'capacity', before: 500, after: 550 },
      ]),
      formatValue,
    );
    expect(lines).toEqual([
      'Телефон: указано «+7 (3952) 44-55-66»',
      'Руководитель: ФИО: удалено (было «Иванова Мария Петровна»)',
      'Головная организация: изменено',
      'Вместимость (мест): «500» → «550»',
    ]);
  });

  it('opens with the entry into the registry', () => {
    expect(organizationSentences(entry('create', []), formatValue)).toEqual(['Организация внесена в реестр']);
  });
});
