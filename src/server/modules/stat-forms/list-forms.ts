import { presentForm } from './compute-report.ts';
import { formRegistry } from './definitions.ts';

/** The register of form definitions: every edition the repository holds, by code then edition. */
export function listForms() {
  const items = [...formRegistry().values()]
    .sort((a, b) => a.code.localeCompare(b.code) || a.edition.localeCompare(b.edition))
    .map((d) => ({ ...presentForm(d), sections: d.sections.map((s) => ({ code: s.code, title: s.title })) }));
  return { items };
}
