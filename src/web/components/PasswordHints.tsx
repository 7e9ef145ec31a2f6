import { List, Text } from '@mantine/core';
import { passwordProblems } from '../../common/password-policy.ts';

/** Live hints under a password input: what the password still lacks. */
export function PasswordHints({ password }: { password: string }) {
  const problems = passwordProblems(password);
  if (!password) {
    return (
      <Text size="xs" c="dimmed">
        Не короче 12 символов; заглавные и строчные буквы, цифры и символы.
      </Text>
    );
  }
  if (problems.length === 0) {
    return (
      <Text size="xs" c="green">
        Пароль соответствует требованиям
      </Text>
    );
  }
  return (
    <div data-testid="password-hints">
      <Text size="xs" c="orange">
        Пароль должен содержать:
      </Text>
      <List size="xs" c="orange">
        {problems.map((p) => (
          <List.Item key={p}>{p}</List.Item>
        ))}
      </List>
    </div>
  );
}
