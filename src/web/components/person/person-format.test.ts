import { describe, expect, it } from 'vitest';
import { contactText, phoneText } from './person-format.ts';

describe('phoneText', () => {
  it.each([
    ['89141234567', '+7 (914) 123-45-67'],
    ['+7 914 123 45 67', '+7 (914) 123-45-67'],
    ['8(3952)24-00-01', '+7 (395) 224-00-01'],
    ['9141234567', '+7 (914) 123-45-67'],
  ])('formats %s as %s', (typed, shown) => {
    expect(phoneText(typed)).toBe(shown);
  });

  it.each(['+44 20 7946 0958', '24-00-01', '112', '+7 (123) 456-78-90'])('leaves %s as typed', (typed) => {
    expect(phoneText(typed)).toBe(typed);
  });

  it('formats only phones among contacts', () => {
    expect(contactText({ kind: 'email', value: '89141234567@mail.ru' })).toBe('89141234567@mail.ru');
    expect(contactText({ kind: 'phone', value: '89141234567' })).toBe('+7 (914) 123-45-67');
  });
});
