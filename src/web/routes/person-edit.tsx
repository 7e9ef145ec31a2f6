import { Breadcrumbs, Button, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useRef, useState } from 'react';
import { updatePersonSchema } from '../../common/schemas/person.ts';
import { isConflict } from '../api/http.ts';
import type { PersonCard } from '../api/person-types.ts';
import { personQuery, useUpdatePerson } from '../api/persons.ts';
import { AnchorLink } from '../components/links.tsx';
import { notifyError, notifySuccess } from '../components/notify.tsx';
import { FormAlerts, PersonFields, revealFirstError } from '../components/person/form/PersonFields.tsx';
import { cardToValues, patchBody, requiredErrors } from '../components/person/form/person-values.ts';
import { usePersonForm } from '../components/person/form/usePersonForm.ts';
import { fullName } from '../components/person/person-format.ts';
import { QueryError } from '../components/QueryError.tsx';
import { CardSkeleton } from '../components/Skeletons.tsx';
import { SCHEMA_REFUSAL } from '../components/schema-errors.ts';

const route = getRouteApi('/app/persons/$id/edit');

export function PersonEditPage() {
  const { id } = route.useParams();
  const query = useQuery(personQuery(id));
  if (query.isPending) return <CardSkeleton />;
  if (query.isError) return <QueryError error={query.error} />;
  const card = query.data;
  if (!card.allowedActions?.includes('update')) {
    return <Text c="dimmed">Изменение этой записи вам недоступно.</Text>;
  }
  return (
    <>
      <Breadcrumbs mb="xs" fz="sm">
        <AnchorLink to="/persons">Обучающиеся и законные представители</AnchorLink>
        <AnchorLink to="/persons/$id" params={{ id: card.id }}>
          {fullName(card)}
        </AnchorLink>
        <span>Изменение</span>
      </Breadcrumbs>
      <Title order={1} size="h2" mb="md">
        Изменение сведений: {fullName(card)}
      </Title>
      {/* A new version (after reload) remounts the form with fresh values. */}
      <EditForm key={card.version} card={card} onReload={() => void query.refetch()} />
    </>
  );
}

function EditForm({ card, onReload }: { card: PersonCard; onReload: () => void }) {
  const navigate = useNavigate();
  const update = useUpdatePerson(card.id);
  const [initial] = useState(() => cardToValues(card));
  const form = usePersonForm(initial);
  const [conflict, setConflict] = useState(false);
  const topRef = useRef<HTMLDivElement>(null);
  const toCard = () => navigate({ to: '/persons/$id', params: { id: card.id } });

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const missing = requiredErrors(form.values);
    if (Object.keys(missing).length > 0) {
      form.setErrors(missing);
      notifications.show({ color: 'orange', message: 'Заполните обязательные поля' });
      revealFirstError(topRef.current);
      return;
    }
    const body = patchBody(card, initial, form.values);
    if (!form.check(updatePersonSchema, body)) {
      notifyError(SCHEMA_REFUSAL, 'Не удалось сохранить изменения');
      revealFirstError(topRef.current);
      return;
    }
    if (Object.keys(body).length === 1) {
      notifySuccess('Изменений нет');
      await toCard();
      return;
    }
    setConflict(false);
    try {
      const saved = await update.mutateAsync(body);
      notifySuccess('Изменения сохранены');
      if (saved.candidates?.length) {
        notifications.show({
          color: 'yellow',
          title: 'Возможный дубликат',
          message: `После изменения запись похожа на: ${saved.candidates.map((c) => (c.inScope ? c.displayName : 'запись вне вашей области доступа')).join(', ')}.
            Проверьте, не один ли это человек.`,
          autoClose: false,
        });
      }
      await toCard();
    } catch (err) {
      notifyError(err, 'Не удалось сохранить изменения');
      if (isConflict(err)) {
        setConflict(true);
        return;
      }
      form.applyServerError(err);
      revealFirstError(topRef.current);
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md" ref={topRef} style={{ scrollMarginTop: 70 }}>
        <FormAlerts form={form} conflict={conflict} onReload={onReload} />
        <PersonFields form={form} />
        <Group>
          <Button type="submit" loading={update.isPending}>
            Сохранить
          </Button>
          <Button variant="default" onClick={() => void toCard()} disabled={update.isPending}>
            Отмена
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
