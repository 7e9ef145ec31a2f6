import { z } from 'zod';

const kind = z.enum(['preschool', 'school', 'additional', 'vocational']);

const kindFigures = z.object({
  kind,
  organizations: z.number(),
  activeOrganizations: z.number(),
  /** Persons with an enrollment in force in an organization of this kind. */
  learners: z.number(),
});

export const overviewSchema = z.object({
  /** The day the figures describe (today, in the database's calendar). */
  asOf: z.string(),
  totals: z.object({ organizations: z.number(), activeOrganizations: z.number(), learners: z.number() }),
  byKind: z.array(kindFigures),
  byMunicipality: z.array(
    z.object({
      territoryId: z.string(),
      name: z.string(),
      organizations: z.number(),
      learners: z.number(),
      byKind: z.array(kindFigures),
    }),
  ),
});
export type Overview = z.infer<typeof overviewSchema>;
