import type { ColumnType } from 'kysely';

/**
 * Shapes of the JSON columns, which the database knows only as `jsonb`; schema.ts (generated) names
 * them through the overrides in scripts/lib/db-types.ts.
 */
export type JsonColumn<T> = ColumnType<T, T | string, T | string>;

export type Address = { text?: string; fiasGuid?: string; oktmo?: string };
export type Head = { fullName?: string; position?: string; phone?: string };
export type Contacts = { phone?: string; email?: string; website?: string };
export type Founder = { name?: string; inn?: string; territoryId?: string };
export type Licence = { number: string; issuedOn: string; issuer?: string; registryNumber?: string };
export type Accreditation = { number: string; issuedOn: string; validUntil?: string | null };
