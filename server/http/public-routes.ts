import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Db } from '../db';
import { parsePeriod } from '../domain/periods';
import { renderServerMessage } from '../domain/server-messages';
import type { Env } from '../env';
import { AppError, errorBody, HTTP_STATUS } from '../errors';
import { findPublicResults, listPublishedPeriods, type PublicResults } from '../services/publication/public-results';

/** A page anyone may show, embedded in any portal: it runs nothing and asks for nothing. */
const PUBLIC_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors *";

const GRADE_ZH: Record<string, string> = { excellent: '优秀', good: '良好', pass: '合格', fail: '不合格' };
const GROUP_ZH = { grassroots: '乡镇（街道）', organs: '市直单位' } as const;

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function periodZh(code: string): string {
  const p = parsePeriod(code);
  if (!p) return code;
  return p.kind === 'year' ? `${p.year}年度` : `${p.year}年第${'一二三四'[p.quarter - 1]}季度`;
}

function renderPage(r: PublicResults, periods: string[]): string {
  const table = (group: 'grassroots' | 'organs') => `
<section><h2>${GROUP_ZH[group]}</h2>
<table><thead><tr><th>名次</th><th>单位</th><th>得分</th><th>等级</th></tr></thead><tbody>
${r.groups[group]
  .map(
    (row) =>
      `<tr><td>${row.rank ?? '—'}</td><td>${esc(row.name)}</td><td>${row.score.toFixed(2)}</td><td>${GRADE_ZH[row.grade] ?? esc(row.grade)}</td></tr>`,
  )
  .join('\n')}
</tbody></table></section>`;
  const nav = periods
    .map((p) =>
      p === r.period
        ? `<strong>${periodZh(p)}</strong>`
        : `<a href="/public?period=${encodeURIComponent(p)}">${periodZh(p)}</a>`,
    )
    .join(' · ');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${periodZh(r.period)}考核结果公示</title>
<style>
body{font-family:"Microsoft YaHei","PingFang SC","Noto Sans CJK SC",sans-serif;margin:0 auto;max-width:960px;padding:16px;color:#1f2933}
h1{font-size:22px;text-align:center}h2{font-size:18px;margin-top:24px}p.meta{text-align:center;color:#52606d;font-size:14px}
table{border-collapse:collapse;width:100%;font-size:14px}th,td{border:1px solid #cbd2d9;padding:6px 8px;text-align:left}
th{background:#f0f4f8}td:first-child,td:nth-child(3){text-align:right}nav{font-size:14px;margin:8px 0;text-align:center}
</style></head><body>
<h1>${periodZh(r.period)}考核结果公示</h1>
<p class="meta">公示第${r.version}版 · 发布于 ${r.publishedAt.slice(0, 10)}</p>
<nav>${nav}</nav>
${table('grassroots')}
${table('organs')}
</body></html>`;
}

/**
 * Public results (PUBLIC_RESULTS=true): GET /public (a page) and GET /public/rankings?period=P (JSON), anonymous,
 * the latest published version only (unit name, score, grade, rank per group). Off: both answer 404.
 */
export async function registerPublicRoutes(app: FastifyInstance, opts: { db: Db; env: Env }): Promise<void> {
  const periodOf = (q: unknown): string | undefined => {
    const v = (q as Record<string, unknown>).period;
    return typeof v === 'string' && v ? v : undefined;
  };
  const refuse = (reply: FastifyReply, err: unknown, html: boolean) => {
    if (!(err instanceof AppError)) throw err;
    reply.code(HTTP_STATUS[err.code]);
    return html
      ? reply
          .type('text/html')
          .header('Content-Security-Policy', PUBLIC_CSP)
          .send(
            `<!doctype html><meta charset="utf-8"><title>考核结果公示</title><p>${esc(renderServerMessage(err.key, err.params, 'zh'))}</p>`,
          )
      : reply.send(errorBody(err));
  };
  const off = () => new AppError('NOT_FOUND', 'common.notFound');

  app.get('/public/rankings', async (req, reply) => {
    try {
      if (!opts.env.PUBLIC_RESULTS) throw off();
      const results = await findPublicResults(opts.db, periodOf(req.query));
      reply.header('Access-Control-Allow-Origin', '*');
      reply.header('Cache-Control', 'public, max-age=60');
      return reply.send(results);
    } catch (err) {
      return refuse(reply, err, false);
    }
  });
  app.get('/public', async (req, reply) => {
    try {
      if (!opts.env.PUBLIC_RESULTS) throw off();
      const results = await findPublicResults(opts.db, periodOf(req.query));
      const periods = await listPublishedPeriods(opts.db);
      reply.header('Content-Security-Policy', PUBLIC_CSP);
      reply.header('Cache-Control', 'public, max-age=60');
      return reply.type('text/html; charset=utf-8').send(renderPage(results, periods));
    } catch (err) {
      return refuse(reply, err, true);
    }
  });
}
