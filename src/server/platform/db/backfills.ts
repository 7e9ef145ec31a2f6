import type pg from 'pg';

/**
 * A data step that runs in batches outside the schema transaction. Each batch runs in a transaction of
 * its own together with the checkpoint, so a batch is either done and recorded or neither. Batches must
 * be safe while the application writes: the derived tables below are rewritten with the same functions
 * (and so under the same advisory locks, then read from a fresh snapshot) as their triggers use, so a
 * batch never puts back an older computation over a newer one.
 */
export type Backfill = {
  name: string;
  /** How many keys there are to visit, for the progress lines. */
  count: (client: pg.ClientBase) => Promise<number>;
  /** Does the next batch of up to `size` keys after `after` (from the first key when null); returns the
   *  keys it did, in key order. Runs inside the caller's transaction. */
  batch: (client: pg.ClientBase, after: string | null, size: number) => Promise<string[]>;
};

/** The next persons by id, and the refresh of each derived structure for exactly those. */
const byPerson = (name: string, refresh: string): Backfill => ({
  name,
  count: async (c) => Number((await c.query<{ n: string }>('SELECT count(*) AS n FROM persons')).rows[0]?.n),
  batch: async (c, after, size) => {
    const r =
      after === null
        ? await c.query<{ id: string }>('SELECT id FROM persons ORDER BY id LIMIT $1', [size])
        : await c.query<{ id: string }>('SELECT id FROM persons WHERE id > $1 ORDER BY id LIMIT $2', [
            after,
            size,
          ]);
    const ids = r.rows.map((x) => x.id);
    if (ids.length) await c.query(`SELECT ${refresh}($1::uuid[])`, [ids]);
    return ids;
  },
});

export const BACKFILLS: readonly Backfill[] = [
  // Cards of the batch's persons and of the persons linked to them, under the card locks (0009): the
  // refresh also removes the cards of destroyed persons. A person's card is rebuilt in the batch of each
  // person linked to them too, always from a snapshot taken after the locks.
  byPerson('person_cards', 'person_cards_refresh'),
  // Access rows are keyed by learner, so the batch rewrites exactly the rows of its persons, under the
  // learners' locks and the shared scope-tree lock (0009); persons with no enrollment lose stray rows.
  byPerson('person_access', 'person_access_refresh'),
];

export function findBackfill(name: string): Backfill | undefined {
  return BACKFILLS.find((b) => b.name === name);
}

export function assertKnownBackfill(name: string, where: string): void {
  if (!findBackfill(name)) {
    const known = BACKFILLS.map((b) => b.name).join(', ');
    throw new Error(`${where}: unknown backfill ${name} (known: ${known})`);
  }
}
