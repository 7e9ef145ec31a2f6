import type { Grant } from '../../platform/access/actor.ts';
import type { FieldChange } from '../../platform/history.ts';
import { type Audience, presentHistory, type Redact } from '../../platform/presenter/presenter.ts';
import type { OrganizationView } from './organization-view.ts';

/** An analyst works with aggregates and registry facts, never with a person's name or phone. */
export const organizationAudience = (grant: Grant): Audience => ({
  health: false,
  personalData: grant.role !== 'analyst',
});

/**
 * The one rule for what of an organization a reader sees, applied to the card, to each stored version
 * and to each side of a diff: without personal data the head is only a position (no name, no phone).
 */
export const organizationRedactor =
  (a: Audience): Redact =>
  (fields) => {
    if (a.personalData || !('head' in fields)) return fields;
    const head = fields.head as { position?: string } | null | undefined;
    return { ...fields, head: head && typeof head === 'object' ? { position: head.position } : head };
  };

export const presentOrganization = (view: OrganizationView, grant: Grant) =>
  organizationRedactor(organizationAudience(grant))(view) as OrganizationView;

export const presentOrganizationHistory = <E extends { changes: FieldChange[] }>(
  entries: E[],
  grant: Grant,
) => presentHistory(entries, organizationRedactor(organizationAudience(grant)));
