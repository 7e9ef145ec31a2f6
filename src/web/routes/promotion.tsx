import { Alert, Button, Group, Stack, Stepper, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { unitsQuery } from '../api/education.ts';
import { call, client, isApiError, path } from '../api/http.ts';
import {
  type PromotionScope,
  previewPromotion,
  promotionRunsQuery,
  useRunPromotion,
} from '../api/promotions.ts';
import { FormAlerts } from '../components/FormAlerts.tsx';
import { formatDate, today } from '../components/format.ts';
import { LabeledSelect } from '../components/LabeledSelect.tsx';
import { AnchorLink } from '../components/links.tsx';
import { notifyError, notifySuccess } from '../components/notify.tsx';
import { useOrgChoice } from '../components/orders/useOrgChoice.ts';
import { ClassesStep } from '../components/promotion/ClassesStep.tsx';
import { LearnerOutcomes } from '../components/promotion/LearnerOutcomes.tsx';
import { adjustmentsOf, type Decision } from '../components/promotion/outcomes.ts';
import { PreviewSummary } from '../components/promotion/PreviewSummary.tsx';
import { SignStep, type SignValues } from '../components/promotion/SignStep.tsx';
import { useYears } from '../components/promotion/useYears.ts';
import { QueryError } from '../components/QueryError.tsx';
import { useSession } from '../components/session.ts';
import { TerritorySelect } from '../components/TerritorySelect.tsx';

const route = getRouteApi('/app/promotion');
const AUTHORITY_ROLES = new Set(['municipal_specialist', 'regional_operator']);
const HEADER = new Set([
  'number',
  'graduationNumber',
  'orderDate',
  'effectiveOn',
  'signerName',
  'signerPosition',
  'undoDeadline',
]);

const addDays = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * «Перевод на следующий учебный год»: next year's classes, each learner's outcome, the totals, then one
 * order per school signed at once. A school promotes its own learners; the municipality (or the region)
 * promotes every school of a territory with the default outcomes.
 */
export function PromotionPage() {
  const search = route.useSearch();
  const session = useSession();
  const navigate = useNavigate();
  const { organizationId } = useOrgChoice(search.organizationId);
  const authority = (session?.roles ?? []).find((r) => AUTHORITY_ROLES.has(r.role) && r.scopeNodeId);
  const [territoryId, setTerritoryId] = useState<string | null>(
    search.territoryId ?? (organizationId ? null : (authority?.scopeNodeId ?? null)),
  );
  const scope: PromotionScope | null = organizationId
    ? { organizationId }
    : territoryId
      ? { territoryId }
      : null;
  const school = !!scope?.organizationId;
  const { years, items, from, to, choose } = useYears();
  const preview = useQuery({
    queryKey: ['promotions', 'preview', scope, from?.id, to?.id],
    enabled: !!scope && !!from && !!to,
    queryFn: () => previewPromotion({ ...scope!, fromYearId: from!.id, toYearId: to!.id }),
  });
  const nextUnits = useQuery({ ...unitsQuery(organizationId ?? '', to?.id), enabled: school && !!to });
  const runs = useQuery({ ...promotionRunsQuery(organizationId), enabled: school });
  const copy = useMutation({
    mutationFn: () =>
      call(
        client.POST('/api/v1/organizations/{id}/units/copy', {
          ...path({ id: organizationId! }),
          body: { fromYearId: from!.id, toYearId: to!.id },
        }),
      ),
    onSuccess: (r) => {
      notifySuccess(r.message);
      void nextUnits.refetch();
      void preview.refetch();
    },
    onError: (e) => notifyError(e, 'Не удалось скопировать классы'),
  });
  const run = useRunPromotion();
  const [step, setStep] = useState(0);
  const [decisions, setDecisions] = useState(new Map<string, Decision>());
  const [learnerErrors, setLearnerErrors] = useState(new Map<string, Record<string, string>>());
  const [signErrors, setSignErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string[]>([]);
  const start = to?.startsOn ?? today();
  const [sign, setSign] = useState<SignValues>({
    number: '',
    graduationNumber: '',
    orderDate: today(),
    effectiveOn: '',
    signerName: '',
    signerPosition: '',
    undoDeadline: '',
  });
  const signValues = {
    ...sign,
    effectiveOn: sign.effectiveOn || start,
    undoDeadline: sign.undoDeadline || addDays(sign.effectiveOn || start, 30),
  };

  const schools = preview.data?.schools ?? [];
  const classes = schools[0]?.classes ?? [];
  const graduates = schools.some((s) => s.graduate > 0);
  const steps = school ? ['Классы', 'Обучающиеся', 'Проверка', 'Подписание'] : ['Школы', 'Подписание'];
  const last = steps.length - 1;
  const lastRun = runs.data?.find((r) => !r.undoneAt && r.undoDeadline >= today());

  const submit = async () => {
    const adjustments = school ? adjustmentsOf(classes, decisions) : [];
    try {
      const result = await run.mutateAsync({
        ...scope!,
        fromYearId: from!.id,
        toYearId: to!.id,
        number: signValues.number.trim(),
        graduationNumber: signValues.graduationNumber.trim(),
        orderDate: signValues.orderDate,
        effectiveOn: signValues.effectiveOn,
        undoDeadline: signValues.undoDeadline,
        ...(signValues.signerName.trim() ? { signerName: signValues.signerName.trim() } : {}),
        ...(signValues.signerPosition.trim() ? { signerPosition: signValues.signerPosition.trim() } : {}),
        adjustments,
      });
      notifySuccess(`Переведено: ${result.promoted}, выпущено: ${result.graduated}`);
      void navigate({ to: '/promotions/$id', params: { id: result.id } });
    } catch (e) {
      if (!isApiError(e))
        return setGeneral([e instanceof Error ? e.message : 'Не удалось выполнить перевод']);
      const header: Record<string, string> = {};
      const byLearner = new Map<string, Record<string, string>>();
      const other: string[] = [];
      for (const [key, message] of Object.entries(e.fieldErrors())) {
        const m = /^adjustments\.(\d+)\.(.+)$/.exec(key);
        const target = m ? adjustments[Number(m[1])]?.enrollmentId : undefined;
        if (target) byLearner.set(target, { ...byLearner.get(target), [m![2]!]: message });
        else if (HEADER.has(key)) header[key] = message;
        else other.push(message);
      }
      if (other.length === 0 && byLearner.size === 0 && Object.keys(header).length === 0)
        other.push(e.detail);
      setSignErrors(header);
      setLearnerErrors(byLearner);
      setGeneral(other);
      if (byLearner.size > 0) setStep(1);
    }
  };

  if (years.isError) return <QueryError error={years.error} onRetry={() => void years.refetch()} />;
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        Перевод на следующий учебный год
      </Title>
      {lastRun && (
        <Alert color="blue" title="Перевод уже выполнен">
          <Text size="sm">
            Перевод с {formatDate(lastRun.effectiveOn)}: переведено {lastRun.promoted}, выпущено{' '}
            {lastRun.graduated}. Отменить его можно до {formatDate(lastRun.undoDeadline)}.{' '}
            <AnchorLink to="/promotions/$id" params={{ id: lastRun.id }}>
              Открыть перевод
            </AnchorLink>
          </Text>
        </Alert>
      )}
      <Group gap="sm" align="flex-end" wrap="wrap">
        {!organizationId && (
          <TerritorySelect
            label="Территория"
            value={territoryId}
            onChange={setTerritoryId}
            w={320}
            required
          />
        )}
        <LabeledSelect
          label="Завершающийся учебный год"
          data={items.map((y) => ({ value: y.id, label: y.name }))}
          value={from?.id ?? null}
          onChange={(v) => choose(v)}
          allowDeselect={false}
          w={220}
        />
        <Text size="sm" pb={8}>
          → {to ? `${to.name} (с ${formatDate(to.startsOn)})` : 'следующий учебный год не создан'}
        </Text>
      </Group>
      {from && !to && (
        <Alert color="yellow" title="Следующий учебный год не создан">
          Региональный оператор создаёт учебные годы в справочнике; после этого перевод станет доступен.
        </Alert>
      )}
      {preview.isError && <QueryError error={preview.error} onRetry={() => void preview.refetch()} />}
      {preview.data && (
        <>
          <Stepper active={step} onStepClick={setStep} size="sm" allowNextStepsSelect={false}>
            {steps.map((label) => (
              <Stepper.Step key={label} label={label} />
            ))}
          </Stepper>
          <FormAlerts generalErrors={general} />
          {step === 0 && (
            <ClassesStep
              schools={schools}
              nextYearUnits={school ? (nextUnits.data?.items.length ?? null) : null}
              onCopy={school ? () => copy.mutate() : undefined}
              copying={copy.isPending}
            />
          )}
          {school && step === 1 && (
            <LearnerOutcomes
              classes={classes}
              decisions={decisions}
              onDecide={(id, d) => setDecisions((m) => new Map(m).set(id, d))}
              nextUnits={nextUnits.data?.items ?? []}
              errors={learnerErrors}
            />
          )}
          {school && step === 2 && <PreviewSummary classes={classes} decisions={decisions} />}
          {step === last && (
            <SignStep
              values={signValues}
              onChange={(patch) => setSign((v) => ({ ...v, ...patch }))}
              errors={signErrors}
              graduates={graduates}
              territory={!school}
            />
          )}
          <Group justify="space-between">
            <Button variant="default" disabled={step === 0} onClick={() => setStep(step - 1)}>
              Назад
            </Button>
            {step < last ? (
              <Button onClick={() => setStep(step + 1)} disabled={schools.length === 0}>
                Далее
              </Button>
            ) : (
              <Button onClick={submit} loading={run.isPending}>
                Подписать приказы и перевести
              </Button>
            )}
          </Group>
        </>
      )}
    </Stack>
  );
}
