import { type MantineSize, type MantineSpacing, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';

type Props = {
  colSpan: number;
  children: ReactNode;
  py?: MantineSpacing;
  size?: MantineSize;
};

/** A table row across all columns with a dimmed note: «не найдено», «Загрузка…». */
export function TableMessageRow({ colSpan, children, py = 'md', size }: Props) {
  return (
    <Table.Tr>
      <Table.Td colSpan={colSpan}>
        <Text c="dimmed" ta="center" py={py} size={size}>
          {children}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}
