import type { Selectable } from 'kysely';
import type { Movements } from '../../platform/db/schema.ts';

/** A stored line of an order, as the use cases read it. */
export type MovementRow = Selectable<Movements>;
