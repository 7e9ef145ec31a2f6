import { Alert, Anchor, Container, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { publicMunicipalitiesQuery, publicQueueQuery } from '../api/public-queue.ts';
import { formatDate } from '../components/format.ts';
import { LabeledSelect } from '../components/LabeledSelect.tsx';
import { BandTable } from '../components/public-queue/BandTable.tsx';
import { KindergartenCard } from '../components/public-queue/KindergartenCard.tsx';

const route = getRouteApi('/kindergartens');

/**
 * «Детские сады и очередь» without signing in: a municipality's queue by the age children will have on
 * the next 1 September, and every kindergarten's card with its groups, places and own queue. The
 * figures are read from the registry when the page opens, so they follow the queue.
 */
export function PublicKindergartensPage() {
  const { municipalityId = '' } = route.useSearch();
  const navigate = useNavigate({ from: '/kindergartens' });
  const municipalities = useQuery(publicMunicipalitiesQuery());
  const q = useQuery(publicQueueQuery(municipalityId));
  const data = q.data;
  return (
    <Container size="lg" py="xl" component="main" id="main">
      <Stack gap="md">
        <div>
          <Title order={1} size="h2">
            Детские сады и очередь
          </Title>
          <Text c="dimmed">
            Группы, свободные места и очередь по возрастам. Личные данные детей не показываются.
          </Text>
          <Anchor href="/queue-position" size="sm">
            Узнать место в очереди по номеру заявления
          </Anchor>
        </div>
        <LabeledSelect
          label="Муниципалитет"
          placeholder={municipalities.isLoading ? 'Загрузка…' : 'Выберите муниципалитет'}
          searchable
          data={(municipalities.data?.items ?? []).map((m) => ({ value: m.id, label: m.name }))}
          value={municipalityId || null}
          onChange={(v) => void navigate({ search: { municipalityId: v ?? undefined } })}
          style={{ maxWidth: 420 }}
          nothingFoundMessage="Не найдено"
        />
        {q.isLoading && <Loader aria-label="Загрузка" />}
        {q.isError && (
          <Alert color="red" title="Не удалось загрузить сведения">
            Попробуйте обновить страницу позже.
          </Alert>
        )}
        {data && (
          <>
            <div>
              <Title order={2} size="h3">
                Очередь: {data.name}
              </Title>
              <Text size="sm" c="dimmed">
                Возраст — полных лет на {formatDate(data.referenceDate)}. Льгота учитывается после
                подтверждения документа.
              </Text>
            </div>
            <BandTable bands={data.queue} label={`Очередь: ${data.name}`} />
            <Group justify="space-between" align="flex-end">
              <Title order={2} size="h3">
                Детские сады ({data.kindergartens.length})
              </Title>
            </Group>
            {data.kindergartens.map((k) => (
              <KindergartenCard key={k.id} k={k} />
            ))}
          </>
        )}
      </Stack>
    </Container>
  );
}
