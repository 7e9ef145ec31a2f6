// The server's Russian messages for built-in checks, so a field reads the same before and after a round trip.
import '../../common/zod-setup.ts';
import { zod4Resolver } from 'mantine-form-zod-resolver';
import type { z } from 'zod';

/**
 * The issues a shared zod schema (src/common/schemas, the one the server validates with) finds in a
 * request body, keyed by API path ('documents.0.number') like the server's problem+json errors.
 */
export const schemaErrors = (schema: z.ZodType, body: unknown): Record<string, string> =>
  zod4Resolver(schema, { errorPriority: 'first' })(body as Record<string, unknown>) as Record<string, string>;

/** A client-side refusal reads like the server's 422 would: the same toast, title and detail. */
export const SCHEMA_REFUSAL = new Error('Проверьте выделенные поля');
