import { Breadcrumbs, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { updateOrganizationSchema } from '../../common/schemas/organization.ts';
import { organizationQuery, useUpdateOrganization } from '../api/organizations.ts';
import { AnchorLink } from '../components/links.tsx';
import { notifySuccess } from '../components/notify.tsx';
import { OrganizationForm } from '../components/organization-form/OrganizationForm.tsx';
import { orgToValues, patchBody } from '../components/organization-form/values.ts';
import { QueryError } from '../components/QueryError.tsx';
import { CardSkeleton } from '../components/Skeletons.tsx';
import { schemaErrors } from '../components/schema-errors.ts';

const route = getRouteApi('/app/organizations/$id/edit');

export function OrganizationEditPage() {
  const { id } = route.useParams();
  const navigate = useNavigate();
  const query = useQuery(organizationQuery(id));
  const update = useUpdateOrganization(id);

  if (query.isPending) return <CardSkeleton />;
  if (query.isError) return <QueryError error={query.error} />;
  const org = query.data;
  if (!org.allowedActions.includes('update')) {
    return <Text c="dimmed">Изменение этой организации вам недоступно.</Text>;
  }
  const initial = orgToValues(org);
  const toCard = () => navigate({ to: '/organizations/$id', params: { id } });

  return (
    <>
      <Breadcrumbs mb="xs" fz="sm">
        <AnchorLink to="/organizations">Организации</AnchorLink>
        <AnchorLink to="/organizations/$id" params={{ id }}>
          {org.shortName}
        </AnchorLink>
        <span>Изменение</span>
      </Breadcrumbs>
      <Title order={1} size="h2" mb="md">
        Изменение сведений: {org.shortName}
      </Title>
      <OrganizationForm
        // A new version (after reload) remounts the form with fresh values.
        key={org.version}
        mode="edit"
        initial={initial}
        excludeId={org.id}
        parentOption={
          org.parentOrganizationId
            ? {
                value: org.parentOrganizationId,
                label: org.parentOrganizationName ?? org.parentOrganizationId,
              }
            : null
        }
        validate={(values) =>
          schemaErrors(updateOrganizationSchema, { ...patchBody(org, initial, values), version: org.version })
        }
        save={async (values) => {
          const body = patchBody(org, initial, values);
          if (Object.keys(body).length === 0) {
            notifySuccess('Изменений нет');
            await toCard();
            return;
          }
          await update.mutateAsync({ ...body, version: org.version });
          notifySuccess('Изменения сохранены');
          await toCard();
        }}
        onCancel={() => void toCard()}
        onReload={() => void query.refetch()}
      />
    </>
  );
}
