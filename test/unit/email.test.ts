import { describe, expect, it } from 'vitest';
import { Email } from '../../shared/contract/schemas.ts';
import { emailProblem } from '../../shared/domain/email.ts';

describe('email addresses invoices are sent to', () => {
  it.each([
    'finance@blmk-icb.example',
    'accounts@example.org',
    'asc.finance@luton-council.gov.uk',
    "o'brien+invoices@nhs.net",
    'a@b.co',
    'x_y-z@sub.domain-with-hyphen.org',
    'user@xn--bcher-kva.example',
    `${'a'.repeat(64)}@example.org`,
    `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.org`,
  ])('accepts %s', (address) => {
    expect(emailProblem(address)).toBeUndefined();
    expect(Email.safeParse(address).success).toBe(true);
  });

  it.each([
    ['', 'must not be empty'],
    ['accounts', 'must be an email address'],
    ['accounts@localhost', 'must have a dot in the domain'],
    ['accounts@example', 'must have a dot in the domain'],
    ['accounts @example.org', 'spaces'],
    ['accounts@example.org ', 'spaces'],
    ['accounts@exa mple.org', 'spaces'],
    ['acc\nounts@example.org', 'spaces'],
    ['"a b"@example.org', 'spaces'],
    ['"ab"@example.org', 'quotes'],
    ['a\\b@example.org', 'quotes'],
    ['user@[192.0.2.1]', 'IP address'],
    ['user@192.0.2.1', 'top-level domain'],
    ['a@@example.org', 'single @'],
    ['a@b@example.org', 'single @'],
    ['@example.org', 'before the @'],
    ['user@', 'domain after the @'],
    ['.user@example.org', 'dot'],
    ['user.@example.org', 'dot'],
    ['us..er@example.org', 'dot'],
    ['user@example..org', 'two dots in a row'],
    ['user@.example.org', 'two dots in a row'],
    ['user@example.org.', 'must not end with a dot'],
    ['user@-example.org', 'domain part'],
    ['user@example-.org', 'domain part'],
    ['user@exa_mple.org', 'domain part'],
    ['user@example.c', 'top-level domain'],
    ['user@example.123', 'top-level domain'],
    ['us(er)@example.org', 'before the @'],
    ['us,er@example.org', 'before the @'],
    ['user<x>@example.org', 'before the @'],
    ['jöran@example.org', 'ASCII'],
    ['user@bücher.example', 'ASCII'],
    [`${'a'.repeat(65)}@example.org`, 'at most 64 characters before the @'],
    [`user@${'b'.repeat(64)}.org`, 'at most 63 characters'],
    [`${'a'.repeat(64)}@${Array.from({ length: 47 }, () => 'abcd').join('.')}.org`, 'at most 254 characters'],
  ])('refuses %j (%s)', (address, why) => {
    const problem = emailProblem(address);
    expect(problem).toBeDefined();
    expect(problem).toContain(why);
    const parsed = Email.safeParse(address);
    expect(parsed.success).toBe(false);
  });
});
