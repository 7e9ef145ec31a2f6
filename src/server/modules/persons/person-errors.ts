import { AppError } from '../../platform/errors.ts';
import type { Candidate, ExactDuplicate } from './find-duplicates.ts';

export const duplicatePerson = (d: ExactDuplicate) =>
  new AppError(
    'duplicate_person',
    d.field === 'snils'
      ? 'Человек с таким СНИЛС уже есть в реестре. Используйте существующую запись.'
      : 'Человек с таким документом уже есть в реестре. Используйте существующую запись.',
    [{ path: d.path, code: 'duplicate', message: 'Значение уже принадлежит другой записи' }],
    { existingPersonId: d.personId },
  );

export const duplicateCandidates = (candidates: Candidate[], path = 'body') =>
  new AppError(
    'duplicate_candidates',
    'Найдены похожие записи с той же датой рождения. Выберите существующую запись или укажите, почему это другой человек.',
    [
      {
        path: `${path}.duplicateResolution`,
        code: 'required',
        message: 'Требуется решение по похожим записям',
      },
    ],
    { candidates },
  );
