/**
 * Citizens the demo identity provider offers in place of ЕСИА. The demo region's generator creates
 * representatives with these СНИЛС, so signing in as one of them shows their children.
 */
export const DEMO_CITIZENS = [
  {
    id: 'demo-citizen-1',
    familyName: 'Смирнова',
    givenName: 'Анна',
    middleName: 'Сергеевна',
    snils: '11223344595',
  },
  {
    id: 'demo-citizen-2',
    familyName: 'Кузнецов',
    givenName: 'Дмитрий',
    middleName: 'Игоревич',
    snils: '12345678964',
  },
  {
    id: 'demo-citizen-3',
    familyName: 'Попова',
    givenName: 'Елена',
    middleName: 'Викторовна',
    snils: '08765430300',
  },
] as const;
