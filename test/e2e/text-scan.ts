/**
 * A scan of what a zh-CN page shows for text a person should never see: an indicator code (`pub.overview`),
 * a rule code (`disclosure_volume`), another machine name (dotted or snake_case: `period.lock`,
 * `rank_change`), or an English phrase (two or more English words in a row). Reads the visible text
 * (`innerText`) and the title, aria-label and placeholder of the visible elements that have one.
 */
import type { Page } from 'playwright-core';
import { DEFAULT_CATALOGUE, DERIVED_TOTALS } from '../../server/domain/catalogue';
import { DEFAULT_SCHEME } from '../../server/domain/scoring/default-scheme';

export type ScanFinding = {
  where: string;
  kind: 'indicator code' | 'rule code' | 'machine name' | 'English';
  text: string;
};

/**
 * What may stand in a Chinese page although it looks English: product and format names people use as
 * they are. Kept small on purpose; anything else that matches is a finding.
 */
const ALLOWED_ENGLISH = ['Dukao', 'Excel', 'CSV', 'XLSX', 'PDF', 'Word', 'TOTP', 'ID', 'min', 'max'] as const;

const INDICATOR_CODES = [...DEFAULT_CATALOGUE.map((d) => d.code), ...Object.keys(DERIVED_TOTALS)];
const RULE_CODES = DEFAULT_SCHEME.rules.map((r) => r.code);

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// A code counts as a whole token only: not part of a longer dotted or snake_case name.
const tokenPattern = (codes: readonly string[]) =>
  new RegExp(
    `(?<![\\w.])(?:${[...codes]
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join('|')})(?![\\w.])`,
    'g',
  );
const INDICATOR = tokenPattern(INDICATOR_CODES);
const RULE = tokenPattern(RULE_CODES);
// `period.lock`, `scorecard.title` (a missing message key), `rank_change`; not file names (`.csv`) or addresses.
const MACHINE = /(?<![\w.@/:-])[a-z]+(?:[._][a-z][a-z0-9]*)+(?![\w@/-]|\.\w)/g;
// Two or more words of letters in a row (a word: two or more letters), such as "not submitted".
const ENGLISH = /(?<![\w.@/-])[A-Za-z]{2,}(?: +[A-Za-z]{2,})+(?![\w@/-])/g;
const ALLOWED = new Set<string>(ALLOWED_ENGLISH.map((w) => w.toLowerCase()));
// Extensions, so that a file name a user gave (`清单.csv`) is not a machine name.
const FILE_EXTENSION = /\.(?:csv|xlsx|xls|docx|pdf|png|jpe?g|html|json|zip|txt)$/i;

/** The findings in one text; `where` names the page and step. */
export function scanText(text: string, where: string): ScanFinding[] {
  const found: ScanFinding[] = [];
  const seen = new Set<string>();
  const add = (kind: ScanFinding['kind'], match: string) => {
    const key = `${kind}:${match}`;
    if (seen.has(key)) return;
    seen.add(key);
    found.push({ where, kind, text: match });
  };
  for (const m of text.matchAll(INDICATOR)) add('indicator code', m[0]);
  for (const m of text.matchAll(RULE)) add('rule code', m[0]);
  for (const m of text.matchAll(MACHINE)) {
    if (INDICATOR_CODES.includes(m[0]) || RULE_CODES.includes(m[0]) || FILE_EXTENSION.test(m[0])) continue;
    add('machine name', m[0]);
  }
  for (const m of text.matchAll(ENGLISH)) {
    const words = m[0].split(/ +/);
    if (words.every((w) => ALLOWED.has(w.toLowerCase()))) continue;
    add('English', m[0]);
  }
  return found;
}

/**
 * The visible text of the page and the labels of its visible elements, one per line. Left out: what the
 * page marks as not text to translate (`translate="no"`: an identifier shown as such, e.g. the catalogue's
 * codes on the administrator's page) or as English on purpose (`lang="en"`: the English name beside the
 * Chinese one); they are hidden for the moment of reading `innerText`.
 */
async function visibleText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const exempt = Array.from(document.querySelectorAll<HTMLElement>('[translate="no"], [lang="en"]'));
    const saved = exempt.map((el) => el.style.display);
    for (const el of exempt) el.style.display = 'none';
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point (no hidden elements, cells apart).
    const body = document.body.innerText;
    exempt.forEach((el, i) => {
      el.style.display = saved[i] ?? '';
    });
    const parts = [document.title, body];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('[title], [aria-label], [placeholder]'))) {
      // Elements not rendered (a closed menu, another tab) have no layout box.
      if (el.getClientRects().length === 0) continue;
      if (el.closest('[translate="no"], [lang="en"]')) continue;
      for (const attr of ['title', 'aria-label', 'placeholder']) {
        const v = el.getAttribute(attr);
        if (v) parts.push(v);
      }
    }
    return parts.join('\n');
  });
}

/** Scans the page as it is now and adds what it finds to `findings`. */
export async function scanPage(page: Page, where: string, findings: ScanFinding[]): Promise<void> {
  findings.push(...scanText(await visibleText(page), where));
}

/** One line per finding, for a failure message. */
export function describeFindings(findings: readonly ScanFinding[]): string {
  return findings.map((f) => `${f.where}: ${f.kind} "${f.text}"`).join('\n');
}
