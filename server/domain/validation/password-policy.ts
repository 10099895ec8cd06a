import { renderServerMessage, type ServerMessage } from '../server-messages';
/**
 * The password policy (GB/T 22239-2019 8.1.4.1 a, 身份鉴别: 口令具有复杂度要求): at least 8 characters, at
 * least 3 of the 4 classes (lower-case, upper-case, digits, other characters), not the username (either way
 * round, any case), and not one of the commonly used passwords below. Pure: the same rule for `user add`,
 * the administrators' pages and a password change.
 */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 200;

/** Commonly used passwords (lower-cased), from the published top lists of Chinese and English leaks. */
const COMMON = new Set([
  '123456',
  '12345678',
  '123456789',
  '1234567890',
  '111111',
  '000000',
  '888888',
  '666666',
  '123123',
  '654321',
  'password',
  'password1',
  'password123',
  'passw0rd',
  'p@ssw0rd',
  'p@ssword',
  'p@ssw0rd1',
  'p@55w0rd',
  'qwerty',
  'qwerty123',
  'qwe123',
  'qwe123!@#',
  'qwer1234',
  'qwertyuiop',
  '1qaz2wsx',
  '1qaz@wsx',
  '1q2w3e4r',
  '1q2w3e4r5t',
  'zaq12wsx',
  'abc123',
  'abc12345',
  'abc123456',
  'abcd1234',
  'a123456',
  'a12345678',
  'aa123456',
  'a1b2c3d4',
  'admin',
  'admin123',
  'admin@123',
  'admin1234',
  'admin888',
  'administrator',
  'root',
  'root123',
  'toor',
  'test',
  'test123',
  'test@123',
  'guest',
  'welcome',
  'welcome1',
  'welcome@123',
  'letmein',
  'iloveyou',
  'woaini',
  'woaini1314',
  'woaini520',
  '5201314',
  '1314520',
  'wodemima',
  'mima123',
  'zhang123',
  'wang123',
  'li123456',
  'changeme',
  'default',
  'master',
  'dragon',
  'monkey',
  'sunshine',
  'princess',
  'football',
  'baseball',
  'superman',
  'trustno1',
  'shadow',
  'michael',
  'huawei123',
  'huawei@123',
  'huawei12#$',
  'sysadmin',
  'system',
  'manager',
  'leader123',
  'inspector123',
  'unit123',
  'dukao',
  'dukao123',
  'dukao@123',
  'p@ssw0rd123',
  'password@123',
  'password!',
  'aa123456!',
  'abc@123',
  'abc@1234',
  'abcd@1234',
  'asdf1234',
  'asd123',
  'zxcvbnm',
  'zxcvbnm123',
  'qazwsx',
  'qazwsx123',
  'q1w2e3r4',
  'a1234567',
  'a1s2d3f4',
  '112233',
  '11223344',
  '12341234',
  '147258369',
  '159357',
  '987654321',
  '7758521',
  '123qwe',
  '123qwe!@#',
  '123abc',
  'qq123456',
  'gov123456',
  'zf123456',
  'zhengfu123',
  'leiyang123',
  'ly123456',
]);

const CLASSES: [RegExp, string][] = [
  [/[a-z]/, 'lower-case letters'],
  [/[A-Z]/, 'upper-case letters'],
  [/[0-9]/, 'digits'],
  [/[^A-Za-z0-9]/, 'other characters'],
];

/** The policy's one-line description (for messages and pages). */
/** What is wrong with a new password, as data (the client says it in the user's language). */
export type PasswordProblem =
  | { kind: 'short'; length: number }
  | { kind: 'long' }
  | { kind: 'blank' }
  | { kind: 'classes'; used: number }
  | { kind: 'username' }
  | { kind: 'common' };

/** The policy's check: what is wrong with a new password, or null when it may be used. */
export function checkPasswordPolicy(password: string, username: string): PasswordProblem | null {
  if (password.length < PASSWORD_MIN_LENGTH) return { kind: 'short', length: password.length };
  if (password.length > PASSWORD_MAX_LENGTH) return { kind: 'long' };
  if (password.trim() === '') return { kind: 'blank' };
  const used = CLASSES.filter(([re]) => re.test(password)).length;
  if (used < 3) return { kind: 'classes', used };
  const lower = password.toLowerCase();
  const name = username.toLowerCase();
  const reversed = [...name].reverse().join('');
  if (lower === name || lower === reversed || (name.length >= 4 && (lower.includes(name) || lower.includes(reversed))))
    return { kind: 'username' };
  if (COMMON.has(lower)) return { kind: 'common' };
  return null;
}

/** What is wrong with a new password under the policy (a catalogue sentence), or null when it may be used. */
export function passwordRefusal(password: string, username: string): ServerMessage | null {
  const p = checkPasswordPolicy(password, username);
  if (!p) return null;
  switch (p.kind) {
    case 'short':
      return { key: 'password.short', params: { length: p.length, min: PASSWORD_MIN_LENGTH } };
    case 'long':
      return { key: 'password.long', params: { max: PASSWORD_MAX_LENGTH } };
    case 'blank':
      return { key: 'password.blank' };
    case 'classes':
      return { key: 'password.classes', params: { used: p.used } };
    case 'username':
      return { key: 'password.username' };
    case 'common':
      return { key: 'password.common' };
  }
}

/** What is wrong with a new password under the policy (one English sentence), or null when it may be used. */
export function passwordProblem(password: string, username: string): string | null {
  const refusal = passwordRefusal(password, username);
  return refusal && renderServerMessage(refusal.key, refusal.params, 'en');
}
