import { CHECKS } from './checks.ts';

/** The catalogue as the screens show it: what each check finds, how bad it is and how to fix it. */
export const listChecks = () => ({
  items: CHECKS.map((c) => ({
    code: c.code,
    severity: c.severity,
    objectType: c.objectType,
    title: c.title,
    fix: c.fix,
  })),
});
