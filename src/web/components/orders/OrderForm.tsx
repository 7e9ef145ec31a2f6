import { Button, Group, Menu, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useRef, useState } from 'react';
import { ORDER_KIND_TITLES, ORDER_MOVEMENTS } from '../../../common/movement-dictionary.ts';
import {
  expectedArrivalsQuery,
  type Order,
  useCreateOrder,
  useDeleteOrder,
  useSignOrder,
  useUpdateOrder,
} from '../../api/orders.ts';
import { ConfirmButton } from '../ConfirmButton.tsx';
import { FormAlerts, revealFirstError } from '../FormAlerts.tsx';
import { notifySuccess } from '../notify.tsx';
import { HeaderFields } from './HeaderFields.tsx';
import { LineEditor } from './LineEditor.tsx';
import { NO_ERRORS, type OrderErrors, splitErrors } from './order-errors.ts';
import {
  defaultMovement,
  type Header,
  type Line,
  laterDate,
  newLine,
  orderBody,
  personLabel,
} from './order-lines.ts';

type Props = {
  organizationId: string;
  initial: { header: Header; lines: Line[] };
  /** The stored draft being edited; absent for a new order. */
  order?: Order | undefined;
  /** Lines whose learner came with the screen (from the card or the inbox). */
  fixedKeys?: Set<string> | undefined;
  onReload?: (() => void) | undefined;
  canSign: boolean;
};

/** A draft order: its header and learners' lines, saved as a draft, then signed. */
export function OrderForm({ organizationId, initial, order, fixedKeys, onReload, canSign }: Props) {
  const navigate = useNavigate();
  const [header, setHeader] = useState(initial.header);
  const [lines, setLines] = useState(initial.lines);
  const [errors, setErrors] = useState<OrderErrors>(NO_ERRORS);
  const [signOpened, signDialog] = useDisclosure(false);
  const [busy, setBusy] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  // A new order stored by a «Подписать» the server then refused stays on this screen with its messages;
  // the next save updates that stored draft instead of creating a second one.
  const [stored, setStored] = useState(order);
  const create = useCreateOrder();
  const update = useUpdateOrder(stored?.id ?? '');
  const sign = useSignOrder();
  const remove = useDeleteOrder(stored?.id ?? '');
  const arrivals = useQuery({
    ...expectedArrivalsQuery(organizationId),
    enabled: header.kind === 'enrollment',
  });
  const waiting = (arrivals.data?.items ?? []).filter(
    (a) => !lines.some((l) => l.arrivalOf === a.movementId),
  );

  const setLine = (key: string, patch: Partial<Line>) =>
    setLines((ls) => ls.map((l) => (l.key === key ? { ...l, ...patch } : l)));
  const defaultDate = () => header.orderDate;
  const addLine = () => setLines((ls) => [...ls, newLine(defaultMovement(header.kind), defaultDate())]);
  const changeKind = (patch: Partial<Header>) => {
    if (patch.kind && patch.kind !== header.kind) {
      const next = patch.kind;
      // Lines keep their learners; the movement becomes one this kind of order may hold.
      setLines((ls) =>
        ls.map((l) =>
          ORDER_MOVEMENTS[next].includes(l.kind)
            ? l
            : {
                ...newLine(defaultMovement(next), l.effectiveOn),
                key: l.key,
                personId: l.personId,
                personLabel: l.personLabel,
                enrollmentId: l.enrollmentId,
              },
        ),
      );
    }
    setHeader((h) => ({ ...h, ...patch }));
  };

  const fail = (e: unknown) => {
    setErrors(splitErrors(e));
    revealFirstError(root.current);
  };

  /** Saves what is on screen; answers the stored order, or null when the server refused it. */
  const save = async (): Promise<Order | null> => {
    const body = orderBody(organizationId, header, lines);
    try {
      // A draft keeps its organization and kind: the update carries neither.
      const { organizationId: _org, kind: _kind, ...fields } = body;
      const saved = stored
        ? await update.mutateAsync({ version: stored.version, ...fields })
        : await create.mutateAsync(body);
      setStored(saved);
      setErrors(NO_ERRORS);
      return saved;
    } catch (e) {
      fail(e);
      return null;
    }
  };

  const onSave = async () => {
    setBusy(true);
    const saved = await save();
    setBusy(false);
    if (!saved) return;
    notifySuccess('Проект приказа сохранён');
    if (!order) await navigate({ to: '/orders/$id', params: { id: saved.id }, replace: true });
    else onReload?.();
  };

  const onSign = async () => {
    setBusy(true);
    const saved = await save();
    if (!saved) {
      setBusy(false);
      signDialog.close();
      return;
    }
    try {
      await sign.mutateAsync({ id: saved.id, version: saved.version });
    } catch (e) {
      setBusy(false);
      signDialog.close();
      fail(e);
      return;
    }
    setBusy(false);
    signDialog.close();
    notifySuccess(`Приказ № ${saved.number} подписан: движения внесены в историю обучения`);
    if (!order) await navigate({ to: '/orders/$id', params: { id: saved.id }, replace: true });
    else onReload?.();
  };

  return (
    <Stack gap="md" ref={root}>
      <FormAlerts generalErrors={errors.general} conflict={errors.conflict} onReload={onReload} />
      <Paper withBorder p="md" radius="sm" component="section" aria-label="Реквизиты приказа">
        <Title order={2} size="h4" mb="sm">
          Реквизиты
        </Title>
        <HeaderFields header={header} errors={errors.header} onChange={changeKind} kindLocked={!!order} />
      </Paper>
      <Group justify="space-between" align="flex-end">
        <Title order={2} size="h4">
          Обучающиеся ({lines.length})
        </Title>
        <Group gap="xs">
          {header.kind === 'enrollment' && waiting.length > 0 && (
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <Button variant="default">Из ожидаемых по переводу ({waiting.length})</Button>
              </Menu.Target>
              <Menu.Dropdown>
                {waiting.map((a) => (
                  <Menu.Item
                    key={a.movementId}
                    onClick={() =>
                      setLines((ls) => [
                        ...ls,
                        newLine('enrollment', laterDate(a.effectiveOn, header.orderDate), {
                          personId: a.person.id,
                          personLabel: personLabel(a.person),
                          arrivalOf: a.movementId,
                        }),
                      ])
                    }
                  >
                    {personLabel(a.person)} — из {a.from.name}
                  </Menu.Item>
                ))}
              </Menu.Dropdown>
            </Menu>
          )}
          <Button variant="default" onClick={addLine}>
            Добавить обучающегося
          </Button>
        </Group>
      </Group>
      {lines.length === 0 && (
        <Text c="dimmed" ta="center" py="md">
          В приказе пока нет обучающихся. Нажмите «Добавить обучающегося».
        </Text>
      )}
      {lines.map((l, i) => (
        <LineEditor
          key={l.key}
          index={i}
          line={l}
          orderKind={header.kind}
          organizationId={organizationId}
          errors={errors.lines[i] ?? {}}
          onChange={(patch) => setLine(l.key, patch)}
          onRemove={() => setLines((ls) => ls.filter((x) => x.key !== l.key))}
          fixedLearner={fixedKeys?.has(l.key) || !!l.arrivalOf}
        />
      ))}
      <Group justify="space-between">
        <Group gap="xs">
          <Button onClick={onSave} loading={busy && !signOpened} variant="default">
            Сохранить проект
          </Button>
          {canSign && (
            <Button onClick={signDialog.open} disabled={lines.length === 0}>
              Подписать
            </Button>
          )}
        </Group>
        {stored && (
          <ConfirmButton
            variant="subtle"
            color="red"
            question="Удалить проект приказа? Строки приказа будут удалены."
            confirmLabel="Удалить"
            onConfirm={async () => {
              try {
                await remove.mutateAsync(stored.version);
                notifySuccess('Проект приказа удалён');
                await navigate({ to: '/orders', search: { organizationId } });
              } catch (e) {
                fail(e);
              }
            }}
          >
            Удалить проект
          </ConfirmButton>
        )}
      </Group>
      <Modal
        opened={signOpened}
        onClose={signDialog.close}
        title="Подписать приказ?"
        centered
        closeButtonProps={{ 'aria-label': 'Закрыть' }}
      >
        <Stack gap="sm">
          <Text size="sm">
            Приказ № {header.number || '—'} «{ORDER_KIND_TITLES[header.kind]}»: {lines.length}{' '}
            {lines.length === 1 ? 'обучающийся' : 'обучающихся'}. После подписания движения сразу вносятся в
            историю обучения, а приказ нельзя изменить — только отменить другим приказом.
          </Text>
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={signDialog.close}>
              Не подписывать
            </Button>
            <Button onClick={onSign} loading={busy}>
              Подписать приказ
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
