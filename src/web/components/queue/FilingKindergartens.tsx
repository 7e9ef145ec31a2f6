import { Alert, Button, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { catchmentSuggestionQuery } from '../../api/catchments.ts';
import { municipalityKindergartensQuery } from '../../api/kindergartens.ts';
import { can, useSession } from '../session.ts';
import { RankedKindergartens } from './RankedKindergartens.tsx';

type Props = {
  municipalityId: string | null;
  /** The ОКТМО of the child's address, when the card has one. */
  oktmo: string | null;
  /** Whether a child is chosen: without one there is no address to go by. */
  hasChild: boolean;
  max: number;
  ranks: string[];
  onChange: (ranks: string[]) => void;
  errors: Record<string, string>;
};

/**
 * The ranked kindergartens of the operator's form: the municipality's kindergartens from the registry,
 * those of the catchment the child's address belongs to offered first and ready to be put in order.
 */
export function FilingKindergartens({
  municipalityId,
  oktmo,
  hasChild,
  max,
  ranks,
  onChange,
  errors,
}: Props) {
  const session = useSession();
  const list = useQuery(municipalityKindergartensQuery(municipalityId));
  const suggestion = useQuery({
    ...catchmentSuggestionQuery(municipalityId, oktmo),
    enabled: catchmentSuggestionQuery(municipalityId, oktmo).enabled && can(session, 'catchment.read'),
  });
  if (!municipalityId)
    return (
      <Text size="sm" c="dimmed">
        Сначала выберите муниципалитет: список детских садов зависит от него.
      </Text>
    );
  const fixed = suggestion.data?.kindergartens ?? [];
  const ids = new Set(fixed.map((k) => k.id));
  const chosen = ranks.filter(Boolean);
  const allIn = fixed.length > 0 && fixed.slice(0, max).every((k) => chosen.includes(k.id));
  const putFirst = () => {
    const next = [...new Set([...fixed.map((k) => k.id), ...chosen])].slice(0, max);
    onChange(next);
  };
  return (
    <Stack gap="sm">
      {hasChild && !oktmo && (
        <Text size="sm" c="dimmed">
          В адресе ребёнка нет кода ОКТМО, поэтому детские сады закреплённой территории не подобраны.
        </Text>
      )}
      {suggestion.isSuccess && !suggestion.data.catchment && (
        <Text size="sm" c="dimmed">
          Адрес ребёнка (ОКТМО {oktmo}) не входит ни в одну закреплённую территорию муниципалитета.
        </Text>
      )}
      {suggestion.data?.catchment && (
        <Alert
          color="blue"
          variant="light"
          title="Закреплённая территория по адресу ребёнка"
          data-testid="catchment-suggestion"
        >
          <Text size="sm">
            «{suggestion.data.catchment.name}»
            {fixed.length > 0
              ? `: ${fixed.map((k) => k.name).join(', ')}. Они предложены первыми в списках ниже.`
              : ': за территорией пока не закреплено ни одного детского сада.'}
          </Text>
          {fixed.length > 0 && !allIn && (
            <Button size="xs" variant="white" mt="xs" onClick={putFirst}>
              Указать закреплённые детские сады первыми
            </Button>
          )}
        </Alert>
      )}
      <RankedKindergartens
        kindergartens={list.data ?? []}
        loading={list.isPending}
        max={max}
        ranks={ranks}
        onChange={onChange}
        errors={errors}
        suggested={ids.size ? { title: 'Закреплённые за адресом ребёнка', ids } : undefined}
      />
      {list.isError && (
        <Text size="sm" c="red.8">
          Не удалось загрузить детские сады муниципалитета
        </Text>
      )}
    </Stack>
  );
}
