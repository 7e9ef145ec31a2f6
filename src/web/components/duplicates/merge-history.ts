/** A merge in the person's history, in words: what the merge did, not its record. */

const TABLE_TITLES: Record<string, string> = {
  person_documents: 'документы',
  person_addresses: 'адреса',
  person_contacts: 'контакты',
  person_hardships: 'сведения о трудной жизненной ситуации',
  representations: 'связи с представителями',
  enrollments: 'сведения об обучении',
  consents: 'согласия',
  person_health: 'сведения о здоровье',
  person_disabilities: 'сведения об инвалидности',
  person_special_needs: 'сведения об ОВЗ',
};

const ACTION_TEXT: Record<string, string> = {
  moved: 'перенесено',
  deleted: 'совпало и не перенесено',
  revoked: 'отозвано как повторное',
  invalidated: 'признано недействительным как повторное',
  ended: 'завершено при объединении',
};

type Moved = Record<string, Record<string, number>>;

/** «документы — перенесено 1; сведения об обучении — завершено при объединении 1», or '' when nothing moved. */
export function movedText(moved: Moved | undefined): string {
  return Object.entries(moved ?? {})
    .map(([table, actions]) => {
      const what = Object.entries(actions)
        .map(([action, n]) => `${ACTION_TEXT[action] ?? action} ${n}`)
        .join(', ');
      return `${TABLE_TITLES[table] ?? table} — ${what}`;
    })
    .join('; ');
}

/** «Присоединена запись-дубликат. Документы: перенесено 1; сведения об обучении: …». */
export function mergeText(value: { moved?: Moved; survivorId?: string }): string {
  if (value.survivorId) return 'Запись объединена с другой записью и больше не ведется';
  const parts = movedText(value.moved);
  const head = 'К записи присоединена запись-дубликат';
  return parts ? `${head}: ${parts}` : head;
}
