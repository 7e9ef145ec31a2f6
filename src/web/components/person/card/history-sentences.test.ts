import { describe, expect, it } from 'vitest';
import { historySentences, historyTitle } from './history-sentences.ts';

const entry = (action: string, changes: { field: string; before: unknown; after: unknown }[]) => ({
  version: 3,
  action,
  at: '2026-12-03T08:00:00Z',
  actor: null,
  changes,
});
const REP = '7d1c8c51-0000-4000-8000-000000000001';
const link = { linkId: 'l1', representativeId: REP, relation: 'mother' };

describe('person history in sentences', () => {
  it('names a representative only when the server named them for the reader', () => {
    const linked = entry('link_representative', [{ field: 'representative', before: null, after: link }]);
    expect(historySentences(linked, { [REP]: 'Ермолаева В. Н.' })).toEqual([
      'Добавлен представитель: мать — Ермолаева В. Н.',
    ]);
    const ended = entry('unlink_representative', [{ field: 'representative', before: link, after: null }]);
    expect(historySentences(ended, {})).toEqual([
      'Прекращена связь с представителем: мать (запись вне вашей области доступа)',
    ]);
    expect(historyTitle('unlink_representative')).toBe('Представители');
  });

  it('tells field edits with the verb agreeing with the field, never as raw values', () => {
    const lines = historySentences(
      entry('update', [
        { field: 'lastName', before: 'Иванова', after: 'Петрова' },
        { field: 'id', before: null, after: 'x' },
      ]),
      {},
    );
    expect(lines).toEqual(['Изменена фамилия: Иванова → Петрова']);
  });

  it('tells a merge by what moved, naming the joined record within scope', () => {
    const lines = historySentences(
      entry('merge', [
        { field: 'merge', before: null, after: { mergedId: REP, moved: { person_documents: { moved: 1 } } } },
      ]),
      { [REP]: 'Ворожцева Д. О.' },
    );
    expect(lines).toEqual([
      'К записи присоединена запись-дубликат: документы — перенесено 1',
      'Присоединенная запись: Ворожцева Д. О.',
    ]);
    expect(lines.join(' ')).not.toMatch(/moved|person_documents/);
  });
});
