/** Password policy: at least 12 characters with upper and lower case letters, a digit and a symbol. */
export function passwordProblems(password: string): string[] {
  const problems: string[] = [];
  if (password.length < 12) problems.push('не короче 12 символов');
  if (!/\p{Lu}/u.test(password)) problems.push('хотя бы одна заглавная буква');
  if (!/\p{Ll}/u.test(password)) problems.push('хотя бы одна строчная буква');
  if (!/\d/.test(password)) problems.push('хотя бы одна цифра');
  if (!/[^\p{L}\d]/u.test(password)) problems.push('хотя бы один символ, не являющийся буквой или цифрой');
  return problems;
}

export const passwordPolicyMessage = (problems: string[]) =>
  `Пароль должен содержать: ${problems.join(', ')}`;
