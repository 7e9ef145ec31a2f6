import type { PersonListItem } from '../../api/person-types.ts';
import { personSearchQuery } from '../../api/persons.ts';
import { formatDate } from '../format.ts';
import { type PickerFieldProps, SearchPicker } from '../SearchPicker.tsx';
import { fullName } from './person-format.ts';

const toOption = (p: PersonListItem) => ({ value: p.id, label: fullName(p) });
const describe = (p: PersonListItem) =>
  `${formatDate(p.birthDate)}${p.organization ? `, ${p.organization}` : ''}`;

type Props = Pick<PickerFieldProps, 'label' | 'value' | 'onChange' | 'excludeId' | 'error' | 'initialOption'>;

/** Searchable select of a person in the operator's scope; the search runs on the server (ФИО). */
export function PersonPicker(props: Props) {
  return (
    <SearchPicker
      {...props}
      required
      searchQuery={personSearchQuery}
      toOption={toOption}
      describe={describe}
      placeholder="Начните вводить фамилию и имя"
      notFound="Никого не найдено"
      minQueryLength={2}
    />
  );
}
