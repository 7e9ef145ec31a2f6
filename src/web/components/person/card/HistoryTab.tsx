import { Button, Modal, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { personHistoryQuery } from '../../../api/person-history.ts';
import { personVersionQuery } from '../../../api/persons.ts';
import { HistoryList } from '../../HistoryList.tsx';
import { QueryError } from '../../QueryError.tsx';
import { useRegionTime } from '../../region-time.ts';
import { CardSkeleton } from '../../Skeletons.tsx';
import { PERSON_FIELD_LABELS } from '../person-format.ts';
import { historySentences, historyTitle } from './history-sentences.ts';
import { personValueText } from './history-values.ts';
import {
  AddressesTable,
  ContactsTable,
  CoreInfo,
  DocumentsTable,
  HardshipsTable,
  type PersonData,
} from './PersonInfo.tsx';

const HIDDEN = new Set(['id']);

export function HistoryTab({ id }: { id: string }) {
  const named = useQuery(personHistoryQuery(id));
  // The list reads the entries; the sentences also read the names the server resolved for them.
  const query = useQuery({ ...personHistoryQuery(id), select: (h) => h.items });
  const names = named.data?.names ?? {};
  const [shown, setShown] = useState<number | null>(null);
  return (
    <HistoryList
      query={query}
      actionLabel={historyTitle}
      sentences={(entry) => historySentences(entry, names)}
      fieldLabels={PERSON_FIELD_LABELS}
      valueText={personValueText}
      widths={['20%', '40%']}
      hiddenFields={HIDDEN}
      entryActions={(entry) =>
        entry.action.endsWith('_representative') ? null : (
          <Button size="compact-xs" variant="light" onClick={() => setShown(entry.version)}>
            Показать версию {entry.version}
          </Button>
        )
      }
    >
      <Modal
        opened={shown !== null}
        onClose={() => setShown(null)}
        title={`Версия ${shown ?? ''} (только просмотр)`}
        size="80rem"
      >
        {shown !== null && <VersionView id={id} version={shown} />}
      </Modal>
    </HistoryList>
  );
}

function VersionView({ id, version }: { id: string; version: number }) {
  const query = useQuery(personVersionQuery(id, version));
  const time = useRegionTime();
  if (query.isPending) return <CardSkeleton />;
  if (query.isError) return <QueryError error={query.error} />;
  const raw = query.data.snapshot as Partial<PersonData>;
  // Older snapshots may lack a list: read it as empty rather than failing.
  const p: PersonData = {
    ...(raw as PersonData),
    documents: raw.documents ?? [],
    addresses: raw.addresses ?? [],
    contacts: raw.contacts ?? [],
    hardships: raw.hardships ?? [],
    citizenship: raw.citizenship ?? { codes: [], stateless: false },
  };
  return (
    <Stack gap="md" data-testid="version-snapshot">
      <Text size="sm" c="dimmed">
        Состояние записи на {time.moment(query.data.at)}
      </Text>
      <CoreInfo p={p} />
      <Title order={5}>Документы</Title>
      <DocumentsTable p={p} />
      <Title order={5}>Адреса</Title>
      <AddressesTable p={p} />
      <Title order={5}>Контакты</Title>
      <ContactsTable p={p} />
      <Title order={5}>Трудная жизненная ситуация</Title>
      <HardshipsTable p={p} />
    </Stack>
  );
}
