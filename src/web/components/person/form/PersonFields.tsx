import { FormAlerts as SharedFormAlerts } from '../../FormAlerts.tsx';
import { CoreSection } from './CoreSection.tsx';
import { DocumentsSection } from './DocumentsSection.tsx';
import { AddressesSection, ContactsSection, HardshipsSection } from './ListSections.tsx';
import type { PersonForm } from './usePersonForm.ts';

/** All sections of a person record. */
export function PersonFields({ form, learner = true }: { form: PersonForm; learner?: boolean }) {
  return (
    <>
      <CoreSection form={form} />
      <DocumentsSection form={form} />
      <AddressesSection form={form} />
      <ContactsSection form={form} />
      {learner && <HardshipsSection form={form} />}
    </>
  );
}

/** Errors above the person form: a stale version, messages that belong to no input. */
export function FormAlerts({
  form,
  conflict,
  onReload,
}: {
  form: PersonForm;
  conflict?: boolean;
  onReload?: () => void;
}) {
  return <SharedFormAlerts generalErrors={form.generalErrors} conflict={conflict} onReload={onReload} />;
}

export { revealFirstError } from '../../FormAlerts.tsx';
