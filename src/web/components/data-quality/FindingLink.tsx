import type { DqFinding } from '../../api/data-quality.ts';
import { AnchorLink } from '../links.tsx';

/**
 * The page where a finding is fixed: the learner's card for a learner, enrollment or movement; the
 * class (group) for a unit; the order; for the organization, its card — or its classes when what is
 * missing is the year's classes.
 */
export function FindingLink({ f }: { f: DqFinding }) {
  if (f.personId)
    return (
      <AnchorLink to="/persons/$id" params={{ id: f.personId }} size="sm">
        {f.label}
      </AnchorLink>
    );
  switch (f.objectType) {
    case 'unit':
      return (
        <AnchorLink to="/units/$id" params={{ id: f.objectId }} size="sm">
          {f.label}
        </AnchorLink>
      );
    case 'order':
      return (
        <AnchorLink to="/orders/$id" params={{ id: f.objectId }} size="sm">
          {f.label}
        </AnchorLink>
      );
    case 'organization':
      return f.check === 'units_not_set_up' ? (
        <AnchorLink to="/organizations/$id/units" params={{ id: f.objectId }} size="sm">
          {f.label}
        </AnchorLink>
      ) : (
        <AnchorLink to="/organizations/$id" params={{ id: f.objectId }} size="sm">
          {f.label}
        </AnchorLink>
      );
    default:
      return <>{f.label}</>;
  }
}
