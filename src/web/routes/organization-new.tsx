import { Breadcrumbs, Title } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { createOrganizationSchema } from '../../common/schemas/organization.ts';
import { useCreateOrganization } from '../api/organizations.ts';
import { AnchorLink } from '../components/links.tsx';
import { notifySuccess } from '../components/notify.tsx';
import { OrganizationForm } from '../components/organization-form/OrganizationForm.tsx';
import { createBody, emptyOrgValues } from '../components/organization-form/values.ts';
import { schemaErrors } from '../components/schema-errors.ts';

export function OrganizationNewPage() {
  const navigate = useNavigate();
  const create = useCreateOrganization();
  return (
    <>
      <Breadcrumbs mb="xs" fz="sm">
        <AnchorLink to="/organizations">Организации</AnchorLink>
        <span>Новая организация</span>
      </Breadcrumbs>
      <Title order={1} size="h2" mb="md">
        Новая организация
      </Title>
      <OrganizationForm
        mode="create"
        initial={emptyOrgValues()}
        validate={(values) => schemaErrors(createOrganizationSchema, createBody(values))}
        save={async (values) => {
          const org = await create.mutateAsync(createBody(values));
          notifySuccess('Организация создана');
          await navigate({ to: '/organizations/$id', params: { id: org.id } });
        }}
        onCancel={() => void navigate({ to: '/organizations' })}
      />
    </>
  );
}
