import { describe, expect, it } from 'vitest';
import { passwordProblem } from '../../../server/domain/validation/password-policy';

describe('password policy (等保 2.0: complexity)', () => {
  it.each([
    ['123456', 'u1', /at least 8/],
    ['      ', 'u1', /at least 8/],
    ['        ', 'u1', /only spaces/],
    ['abcdefgh', 'u1', /1 of the 4 kinds/],
    ['abcd1234', 'u1', /2 of the 4 kinds/],
    ['Zhangsan-1', 'zhangsan', /username/],
    ['Nasgnahz-1', 'zhangsan', /username/],
    ['P@ssw0rd', 'u1', /commonly used/],
    ['Admin@123', 'u1', /commonly used/],
    [`${'x'.repeat(199)}A1!`, 'u1', /at most 200/],
  ])('refuses %j for %s', (password, username, problem) => {
    expect(passwordProblem(password, username)).toMatch(problem);
  });

  it.each([
    ['Kao-Qin-2026', 'u1'],
    ['督考Abc123', 'u1'],
    ['brand new 1', 'someone'],
    ['Opb-reset-pass', 'opb'],
  ])('accepts %j for %s', (password, username) => {
    expect(passwordProblem(password, username)).toBeNull();
  });
});
