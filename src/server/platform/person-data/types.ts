import type { Kysely, RawBuilder } from 'kysely';
import type { Tx } from '../db/tx.ts';

/**
 * The declaration of one table holding a person's data, written once by the module that owns the
 * table (its `person-data.ts`). Merge, undo, destruction, the citizen's view and the pseudonymised
 * export read these declarations instead of lists of their own, and a test compares them with the
 * foreign keys to `persons` in the database catalogue, so a new table cannot slip past them.
 */
export type PersonTable = {
  table: string;
  /** The module that owns the table (the folder under src/server/modules, or 'platform'). */
  module: string;
  /** Columns naming persons. A table without one (a dictionary derived from names) lists none. */
  refs: PersonRef[];
  /** Special-category health data (152-ФЗ ст. 10): merged only with health.write, hidden without health.read. */
  health?: true;
  merge: MergeRule;
  /** What destruction does to the rows naming the destroyed person (a ref may say otherwise for its column). */
  erase: EraseRule;
  /** The category the destruction act lists when the person had rows here (in a column that is not kept). */
  category?: string;
  /** Listed on every act, without looking (the history: no index on the entity id alone). */
  categoryAlways?: true;
  /** The history entity type of the rows (change_history.entity_type): their history goes with them. */
  historyEntity?: string;
  citizen: CitizenRule;
  export: ExportRule;
  /**
   * The person card (person_cards) reads the table: a change of a row refreshes the cards of the
   * persons named in these columns (the arguments of the table's card triggers).
   */
  card?: string[];
};

export type PersonRef = {
  column: string;
  /** Why the column has no foreign key (an array of ids, an id of several kinds of entity). */
  soft?: string;
  /** The column is an array of person ids. */
  array?: true;
  /** The column's own rule, where it differs from the table's: delete, anonymise or keep only. */
  erase?: Extract<EraseRule, { rule: 'delete' | 'anonymise' | 'keep' }>;
};

export type Row = Record<string, unknown>;
export type SetValues = Record<string, unknown | RawBuilder<unknown>>;

/**
 * Merge of a duplicate into the survivor. 'move' rewrites the person columns to the survivor;
 * 'dedupe' does so too, except for rows the survivor already has (their twins), which are resolved
 * by `resolve`; 'keep' leaves the rows on the merged-away record. Health tables move only when the actor
 * may write health data of both records. `key` identifies a row in the merge record, for undo.
 */
export type MergeRule =
  | { rule: 'move'; key: string }
  | {
      rule: 'dedupe';
      key: string;
      /** Whether the survivor already has this row; `moved` has the person columns rewritten. */
      twin: (moved: Row, survivorRows: Row[]) => boolean;
      /** Only rows in force are resolved as twins; others move as they are (default: every row). */
      inForce?: (row: Row) => boolean;
      /** A row that cannot move at all (it would link the survivor to itself): stays when not in force. */
      cannotMove?: (moved: Row) => boolean;
      resolve: TwinAction;
    }
  | { rule: 'keep'; reason: string };

export type TwinAction =
  | { action: 'deleted' }
  | {
      action: 'revoked' | 'invalidated' | 'moved';
      /** Whether the row also moves to the survivor. */
      move: boolean;
      set: (row: Row, actor: string) => SetValues;
    };

/** What destruction may leave of a row, and why. */
export type EraseRule =
  /** Rows naming the person are deleted; touchesOthers: the other persons they named are audit subjects. */
  | { rule: 'delete'; touchesOthers?: true }
  /** Rows stay; these columns are overwritten with these values (what identifies anyone goes). */
  | { rule: 'anonymise'; set: Record<string, string | number | boolean | null> }
  | { rule: 'keep'; reason: string }
  /** Rows maintained by triggers from the source tables; `remains` as for 'custom' (default: none stay). */
  | { rule: 'derived'; reason: string; remains?: RawBuilder<boolean> }
  /**
   * The table's own procedure, run before the person row itself is overwritten. `remains`: a
   * predicate over the row (alias `t`) that rows still naming the person satisfy afterwards.
   */
  | {
      rule: 'custom';
      reason: string;
      run: (tx: Tx, plan: ErasePlan) => Promise<void>;
      remains?: RawBuilder<boolean>;
    };

/** What every erase step of one destruction knows. */
export type ErasePlan = {
  /** The destroyed record and the records merged into it. */
  ids: string[];
  /** Keys of the rows whose history goes with the person (by history entity type), read before anything went. */
  historyIds: string[];
  actorId: string;
};

/**
 * How the citizen sees the rows (152-ФЗ ст. 14). A section with a presenter is read by it for all
 * the persons of the view at once and shown under the section's name; a section without one is shown
 * by another output (the person card, the access log page). Tables in one section share its presenter.
 */
export type CitizenRule = { section: string; present?: SectionPresenter } | { hidden: string };

// biome-ignore lint/suspicious/noExplicitAny: presenters read with whatever database handle they are given
export type SectionPresenter = (db: Kysely<any>, ids: string[]) => Promise<Map<string, unknown>>;

/**
 * Columns of the pseudonymised export. Each is an SQL expression over the exported enrollment `e`,
 * its organization `o` (id, kind, oktmo) and its person `p`; `at` is its place in the file, whose
 * column order is a published format. `name` heads the machine-readable file, `title` the file for
 * Excel, where `values` (if given) turn codes into the words a reader of the spreadsheet knows.
 */
export type ExportRule = { columns: ExportColumn[] } | { none: string };
export type ExportColumn = {
  name: string;
  title: string;
  at: number;
  sql: RawBuilder<unknown>;
  values?: Record<string, string>;
};
