import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  isServerMessageKey,
  periodZh,
  placeholdersOf,
  renderServerMessage,
  SERVER_MESSAGES,
  type ServerMessageKey,
} from '../../server/domain/server-messages';
import { AppError } from '../../server/errors';

const entries = Object.entries(SERVER_MESSAGES) as [
  ServerMessageKey,
  { en: string; zh: string; enOnly?: readonly string[]; zhOnly?: readonly string[] },
][];

describe('the server message catalogue', () => {
  it('has an English and a Chinese sentence for every key, and the Chinese one is Chinese', () => {
    for (const [key, e] of entries) {
      expect(e.en.trim(), key).not.toBe('');
      expect(e.zh.trim(), key).not.toBe('');
      expect(/[\u4e00-\u9fff]/.test(e.zh), `${key}: ${e.zh}`).toBe(true);
    }
  });

  it('names the same parameters in both languages, but for the declared enOnly/zhOnly ones', () => {
    for (const [key, e] of entries) {
      const en = placeholdersOf(e.en);
      const zh = placeholdersOf(e.zh);
      const enOnly = e.enOnly ?? [];
      const zhOnly = e.zhOnly ?? [];
      expect(
        en.filter((p) => !enOnly.includes(p)),
        `${key}: English params missing in Chinese`,
      ).toEqual(en.filter((p) => zh.includes(p)));
      expect(
        zh.filter((p) => !zhOnly.includes(p)),
        `${key}: Chinese params missing in English`,
      ).toEqual(zh.filter((p) => en.includes(p)));
      for (const p of enOnly) expect(en, `${key}: enOnly ${p} is not in the English`).toContain(p);
      for (const p of enOnly) expect(zh, `${key}: enOnly ${p} is in the Chinese`).not.toContain(p);
      for (const p of zhOnly) expect(zh, `${key}: zhOnly ${p} is not in the Chinese`).toContain(p);
      for (const p of zhOnly) expect(en, `${key}: zhOnly ${p} is in the English`).not.toContain(p);
    }
  });

  it('fills parameters, and leaves a missing one visible', () => {
    expect(renderServerMessage('users.alreadyExists', { username: 'zhang' }, 'en')).toBe('User zhang already exists.');
    expect(renderServerMessage('users.alreadyExists', { username: 'zhang' }, 'zh')).toBe('用户 zhang 已存在。');
    expect(renderServerMessage('users.alreadyExists', {}, 'en')).toBe('User {username} already exists.');
    expect(renderServerMessage('imports.tooManyRows', { count: 20001, max: 20000 }, 'zh')).toBe(
      '文件有 20001 行，一次最多导入 20000 行。请拆分为较小的文件。',
    );
  });

  it('shows periods, roles and statuses as a Chinese reader reads them, and keeps the codes in English', () => {
    expect(renderServerMessage('periods.alreadyLocked', { period: '2011Q3' }, 'zh')).toBe('2011年第三季度已锁定。');
    expect(renderServerMessage('periods.alreadyLocked', { period: '2011Q3' }, 'en')).toBe('2011Q3 is already locked.');
    expect(renderServerMessage('common.needsRole', { roles: 'inspector or admin' }, 'zh')).toBe(
      '此操作需要以下角色：督查员或管理员。',
    );
    expect(renderServerMessage('users.onlyUnitOperatorsBound', { role: 'leadership' }, 'zh')).not.toContain(
      'leadership',
    );
    expect(renderServerMessage('appeals.alreadyDecided', { id: 4, status: 'partly_upheld' }, 'zh')).toBe(
      '申诉 4 已有复核结果（部分成立）。',
    );
    expect(periodZh('2012')).toBe('2012年度');
    expect(periodZh('something')).toBe('something');
  });

  it('knows its keys', () => {
    expect(isServerMessageKey('common.unknownPeriod')).toBe(true);
    expect(isServerMessageKey('no.suchKey')).toBe(false);
    expect(isServerMessageKey(undefined)).toBe(false);
  });

  it('AppError carries the key and parameters, and its message is the English sentence', () => {
    const err = new AppError('CONFLICT', 'users.alreadyExists', { username: 'zhang' });
    expect(err.message).toBe('User zhang already exists.');
    expect(err.key).toBe('users.alreadyExists');
    expect(err.params).toEqual({ username: 'zhang' });
    expect(new AppError('NOT_FOUND', 'common.notFound').params).toEqual({});
  });
});

describe('every refusal goes through the catalogue', () => {
  const serverFiles = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((e) =>
        e.isDirectory()
          ? e.name === 'generated'
            ? []
            : serverFiles(path.join(dir, e.name))
          : e.name.endsWith('.ts')
            ? [path.join(dir, e.name)]
            : [],
      );
  const sources = serverFiles(path.resolve('server')).map((file) => ({ file, text: fs.readFileSync(file, 'utf8') }));

  it('no REST answer sends a bare { error: "…" } sentence (errorBody/messageBody add its key)', () => {
    const bare = sources.filter((s) => /\.send\(\{\s*error:/.test(s.text)).map((s) => path.relative('.', s.file));
    expect(bare).toEqual([]);
  });

  it('no procedure throws a TRPCError of its own sentence (AppError with a key instead)', () => {
    // The one exception: a lost database while building the context (the formatter keys SERVICE_UNAVAILABLE).
    const own = sources
      .filter((s) => !s.file.endsWith(path.join('trpc', 'init.ts')))
      .flatMap((s) =>
        [...s.text.matchAll(/new TRPCError\(\{\s*code: '(\w+)'/g)].map((m) => `${path.relative('.', s.file)} ${m[1]}`),
      )
      .filter((line) => !line.endsWith(' SERVICE_UNAVAILABLE'));
    expect(own).toEqual([]);
    expect(sources.filter((s) => /new TRPCError\(\s*[^{\s]/.test(s.text))).toEqual([]);
  });

  it('every AppError names a catalogue key (a literal key is checked here, any other by the type)', () => {
    const keys = sources.flatMap((s) =>
      [...s.text.matchAll(/new AppError\(\s*'[A-Z_]+',\s*'([^']+)'/g)].map((m) => m[1]!),
    );
    expect(keys.length).toBeGreaterThan(150);
    expect(keys.filter((k) => !isServerMessageKey(k))).toEqual([]);
  });
});
