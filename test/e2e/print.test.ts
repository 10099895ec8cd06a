/**
 * Browser, printing: the scorecard, the rankings and the annual report print on A4 with nothing clipped.
 * At print emulation in a viewport as wide as A4's printable width, every chart canvas is redrawn to fit it
 * and no table or block runs past it; `page.pdf` gives pages whose text holds what the page shows.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, type RunningApp, SHOTS_DIR, settle, signIn, startApp, USERS, visit } from './harness';

let app: RunningApp;
let browser: Browser;
beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

// A4 is 210 mm wide; the print style's margins are 12 mm a side: 186 mm at 96 px per inch.
const PRINTABLE_WIDTH = Math.floor((186 / 25.4) * 96);

/** What sticks out past the printable width at print emulation: chart canvases and any other element. */
async function clipped(page: Page): Promise<string[]> {
  return page.evaluate((width) => {
    const out: string[] = [];
    const label = (el: Element) => {
      const classes =
        el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${classes}`;
    };
    for (const el of document.querySelectorAll('body *')) {
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden') continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (r.right > width + 1 || r.left < -1)
        out.push(`${label(el)} spans ${Math.round(r.left)}–${Math.round(r.right)}`);
      // A scrolling box hides what does not fit: on paper that is cut off.
      if (el.scrollWidth > el.clientWidth + 1 && /(auto|scroll|hidden)/.test(style.overflowX) && el.clientWidth > 0)
        out.push(`${label(el)} hides ${el.scrollWidth - el.clientWidth}px of ${el.scrollWidth}px`);
    }
    return out.slice(0, 20);
  }, PRINTABLE_WIDTH);
}

/** Each chart canvas's box, and the width it was drawn at (its bitmap over the pixel ratio). */
async function canvases(page: Page): Promise<{ left: number; right: number; width: number; drawn: number }[]> {
  return page.locator('.chart canvas').evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      return {
        left: r.left,
        right: r.right,
        width: r.width,
        drawn: (el as HTMLCanvasElement).width / devicePixelRatio,
      };
    }),
  );
}

async function printed(page: Page, name: string): Promise<{ pages: number; text: string }> {
  fs.mkdirSync(SHOTS_DIR, { recursive: true });
  const file = path.join(SHOTS_DIR, `${name}.pdf`);
  await page.pdf({ path: file, format: 'A4', preferCSSPageSize: true, printBackground: true });
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  return { pages, text };
}

describe('browser: printing on A4', () => {
  const cases = [
    { name: 'scorecard', path: '/scorecard/T01?period=2011Q4', text: '蔡子池街道', charts: 2 },
    { name: 'rankings', path: '/rankings?period=2011Q4', text: '蔡子池街道', charts: 0 },
    { name: 'reports', path: '/reports?year=2011', text: '政府信息公开', charts: 0 },
  ];
  for (const c of cases) {
    it(`prints the ${c.name} without clipping`, async () => {
      const { page, errors } = await openPage(browser);
      await signIn(page, app.url, USERS.leader);
      await visit(page, app.url, c.path);
      const screen = await canvases(page);
      expect(screen.length).toBeGreaterThanOrEqual(c.charts);
      // Straight from the screen, as a person presses 打印: the charts redraw on the print events (echart.tsx).
      const direct = await printed(page, `print-${c.name}-from-screen`);
      expect(direct.pages).toBeGreaterThan(0);
      expect(direct.text).toContain(c.text);
      await page.setViewportSize({ width: PRINTABLE_WIDTH, height: 1000 });
      await page.emulateMedia({ media: 'print' });
      await settle(page);
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(SHOTS_DIR, `print-${c.name}.png`), fullPage: true });
      const print = await canvases(page);
      expect(print.length).toBe(screen.length);
      for (const box of print) {
        expect(box.left).toBeGreaterThanOrEqual(0);
        expect(box.right).toBeLessThanOrEqual(PRINTABLE_WIDTH + 1);
        // Redrawn at its printed size, not a screen-sized drawing squeezed (or cut) to fit.
        expect(Math.abs(box.drawn - box.width)).toBeLessThanOrEqual(1);
      }
      expect(await clipped(page)).toEqual([]);
      const pdf = await printed(page, `print-${c.name}`);
      expect(pdf.pages).toBeGreaterThan(0);
      expect(pdf.text).toContain(c.text);
      expect(errors).toEqual([]);
    });
  }
});
