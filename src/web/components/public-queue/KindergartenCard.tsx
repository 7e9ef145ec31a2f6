import { Anchor, Badge, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { GROUP_FOCUS_TITLES } from '../../../common/education-dictionary.ts';
import type { PublicKindergarten } from '../../api/public-queue.ts';
import { ScrollTable } from '../ScrollTable.tsx';
import { BandTable } from './BandTable.tsx';

/** A kindergarten's public card: contacts, groups with places, and its own queue by age. */
export function KindergartenCard({ k }: { k: PublicKindergarten }) {
  return (
    <Card withBorder padding="md" component="section" aria-labelledby={`kg-${k.id}`}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <div>
            <Title order={3} size="h4" id={`kg-${k.id}`}>
              {k.name}
            </Title>
            <Text size="sm" c="dimmed">
              {k.fullName}
            </Text>
            {k.address && <Text size="sm">{k.address}</Text>}
            <Group gap="md">
              {k.phone && <Text size="sm">Телефон: {k.phone}</Text>}
              {k.website && (
                <Anchor size="sm" href={k.website.startsWith('http') ? k.website : `https://${k.website}`}>
                  {k.website}
                </Anchor>
              )}
            </Group>
          </div>
          <Group gap="xs">
            <Badge variant="light" color="blue" tt="none">
              мест {k.capacity}
            </Badge>
            <Badge variant="light" color="gray" tt="none">
              посещают {k.enrolled}
            </Badge>
            <Badge variant="light" color={k.free > 0 ? 'green' : 'orange'} tt="none">
              свободно {k.free}
            </Badge>
          </Group>
        </Group>
        {k.groups.length > 0 ? (
          <ScrollTable label={`Группы: ${k.name}`} minWidth={560}>
            <Table withTableBorder fz="sm" verticalSpacing={4}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Группа {k.academicYear ? `(${k.academicYear})` : ''}</Table.Th>
                  <Table.Th>Возраст</Table.Th>
                  <Table.Th>Направленность</Table.Th>
                  <Table.Th ta="right">Мест</Table.Th>
                  <Table.Th ta="right">Посещают</Table.Th>
                  <Table.Th ta="right">Свободно</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {k.groups.map((g) => (
                  <Table.Tr key={g.name}>
                    <Table.Td>{g.name}</Table.Td>
                    <Table.Td>
                      {g.ageFrom}–{g.ageTo} лет
                    </Table.Td>
                    <Table.Td>{GROUP_FOCUS_TITLES[g.groupFocus as 'general'] ?? g.groupFocus}</Table.Td>
                    <Table.Td ta="right">{g.capacity}</Table.Td>
                    <Table.Td ta="right">{g.enrolled}</Table.Td>
                    <Table.Td ta="right">{g.free}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        ) : (
          <Text size="sm" c="dimmed">
            Сведения о группах не внесены
          </Text>
        )}
        <Text size="sm" fw={600}>
          Очередь в этот детский сад
        </Text>
        <BandTable bands={k.queue} label={`Очередь: ${k.name}`} firstChoice />
      </Stack>
    </Card>
  );
}
