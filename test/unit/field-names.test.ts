/**
 * Every field of every procedure input has a Chinese name (server/domain/field-names.ts), so that bad input
 * is named in words for a zh-CN reader (issue 15): the test walks each exported schema of server/domain/inputs/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FIELD_ZH, fieldPathZh } from '../../server/domain/field-names';

const INPUTS_DIR = path.resolve(__dirname, '../../server/domain/inputs');

type Def = { type: string; [k: string]: unknown };
const defOf = (s: unknown): Def | undefined => (s as { _zod?: { def: Def } })?._zod?.def;

/** The object keys a schema can hold, at any depth (records' keys are data, not fields). */
function fieldNames(schema: unknown, into = new Set<string>(), seen = new Set<unknown>()): Set<string> {
  const def = defOf(schema);
  if (!def || seen.has(schema)) return into;
  seen.add(schema);
  const walk = (s: unknown) => fieldNames(s, into, seen);
  switch (def.type) {
    case 'object':
      for (const [key, value] of Object.entries(def.shape as Record<string, unknown>)) {
        into.add(key);
        walk(value);
      }
      break;
    case 'array':
      walk(def.element);
      break;
    case 'record':
      walk(def.valueType);
      break;
    case 'union':
      for (const o of def.options as unknown[]) walk(o);
      break;
    case 'intersection':
      walk(def.left);
      walk(def.right);
      break;
    case 'pipe':
      walk(def.in);
      walk(def.out);
      break;
    case 'tuple':
      for (const o of def.items as unknown[]) walk(o);
      break;
    case 'lazy':
      walk((def.getter as () => unknown)());
      break;
    default:
      if (def.innerType) walk(def.innerType);
  }
  return into;
}

describe('Chinese names of input fields', () => {
  it('names every field of every input schema', async () => {
    const missing: string[] = [];
    const all = new Set<string>();
    let schemas = 0;
    for (const file of fs.readdirSync(INPUTS_DIR).filter((f) => f.endsWith('.ts'))) {
      const mod = (await import(path.join(INPUTS_DIR, file))) as Record<string, unknown>;
      for (const [name, value] of Object.entries(mod)) {
        if (!(value instanceof z.ZodType)) continue;
        schemas++;
        for (const field of fieldNames(value)) {
          all.add(field);
          if (!FIELD_ZH[field]) missing.push(`${file}: ${name}.${field}`);
        }
      }
    }
    expect(schemas).toBeGreaterThan(40);
    expect(missing).toEqual([]);
    // …and names nothing that is no field (a renamed field leaves no stale name behind).
    expect(Object.keys(FIELD_ZH).filter((k) => !all.has(k))).toEqual([]);
  });

  it('walks nested objects, arrays and optional fields (so a missing name cannot hide)', () => {
    const schema = z.object({ a: z.array(z.object({ b: z.string().optional() })).default([]) });
    expect([...fieldNames(schema)].sort()).toEqual(['a', 'b']);
  });

  it('reads a path as a Chinese reader does', () => {
    expect(fieldPathZh(['offices', 2])).toBe('参加检查的部门 第 3 项');
    expect(fieldPathZh([])).toBe('请求内容');
    expect(fieldPathZh(['figures', 'pub.total'])).toBe('报告数字 其中一项');
    expect(fieldPathZh(['values', 'pub.news'])).toBe('数值 其中一项');
    expect(Object.values(FIELD_ZH).every((n) => /^[\u4e00-\u9fff]+$/.test(n))).toBe(true);
  });
});
