/** HTTP helpers for the benchmark: a keep-alive agent, login, tRPC GET URLs, child server process. */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export type HttpResult = { status: number; bytes: number; body: string; headers: http.IncomingHttpHeaders };

export function request(
  base: string,
  pathAndQuery: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const u = new URL(pathAndQuery, base);
    const req = http.request(
      {
        agent,
        hostname: u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        method: opts.method ?? 'GET',
        // A body goes with its length: the server refuses anonymous bodies of unknown length (chunked).
        headers: opts.body ? { ...opts.headers, 'content-length': String(Buffer.byteLength(opts.body)) } : opts.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const buf = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, bytes: buf.length, body: buf.toString('utf8'), headers: res.headers });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

/** What a load run measured, in the shape of autocannon's result (the fields the bench reads). */
export type LoadResult = {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; max: number };
  throughput: { average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
};

/**
 * A load run for large answers (exports): `connections` keep-alive connections each sending one GET after
 * another for `seconds`, bodies counted and dropped. autocannon parses every body byte in JavaScript: at
 * 4.8 MB an answer its client process is the bottleneck (~100 MB/s at 100 % of a core, while the server
 * idles at 20 %), so it measured itself; node:http's native parser reads 1.4 GB/s on the same loopback.
 */
export async function bodyLoad(
  url: string,
  opts: { connections: number; seconds: number; headers: Record<string, string> },
): Promise<LoadResult> {
  const pool = new http.Agent({ keepAlive: true, maxSockets: opts.connections });
  const latencies: number[] = [];
  let bytes = 0;
  let errors = 0;
  let timeouts = 0;
  let non2xx = 0;
  const started = performance.now();
  const end = started + opts.seconds * 1000;
  const one = () =>
    new Promise<void>((resolve) => {
      const t = performance.now();
      const req = http.get(url, { agent: pool, headers: opts.headers, timeout: 10_000 }, (res) => {
        res.on('data', (c: Buffer) => {
          bytes += c.length;
        });
        res.on('end', () => {
          if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) >= 300) non2xx++;
          latencies.push(performance.now() - t);
          resolve();
        });
        res.on('error', () => {
          errors++;
          resolve();
        });
      });
      req.on('timeout', () => {
        timeouts++;
        req.destroy();
      });
      req.on('error', () => {
        errors++;
        resolve();
      });
    });
  await Promise.all(
    Array.from({ length: opts.connections }, async () => {
      while (performance.now() < end) await one();
    }),
  );
  pool.destroy();
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? 0);
  return {
    requests: { average: latencies.length / seconds, total: latencies.length },
    latency: { p50: at(0.5), p99: at(0.99), max: Math.round(latencies.at(-1) ?? 0) },
    throughput: { average: bytes / seconds },
    errors,
    timeouts,
    non2xx,
  };
}

/** Signs in through POST /auth/login and returns the Cookie header value. */
export async function login(base: string, username: string, password: string): Promise<string> {
  const res = await request(base, '/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login as ${username} failed: ${res.status} ${res.body}`);
  const set = res.headers['set-cookie'] ?? [];
  const cookie = set.map((c) => c.split(';')[0]).join('; ');
  if (!cookie) throw new Error('login set no cookie');
  return cookie;
}

/** A tRPC query URL (GET, no transformer). */
export function trpcUrl(procedure: string, input: unknown): string {
  return `/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`;
}

/** A batched tRPC query URL, as the client's httpBatchLink sends it. */
export function trpcBatchUrl(procedures: string[], inputs: unknown[]): string {
  const input: Record<string, unknown> = {};
  inputs.forEach((v, i) => {
    if (v !== undefined) input[String(i)] = v;
  });
  return `/trpc/${procedures.join(',')}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`;
}

export type ChildServer = { base: string; pid: number; proc: ChildProcess; stop(): Promise<void> };

/** Starts test/bench/serve.ts in its own Node process against `databaseUrl`. */
export async function startServer(databaseUrl: string): Promise<ChildServer> {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/bench/serve.ts')], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    let buf = '';
    const onData = (c: Buffer) => {
      buf += c.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) {
        proc.stdout!.off('data', onData);
        resolve(buf.slice(0, nl));
      }
    };
    proc.stdout!.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`server exited early (${code})`)));
  });
  const { port } = JSON.parse(line) as { port: number };
  return {
    base: `http://127.0.0.1:${port}`,
    pid: proc.pid!,
    proc,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}

/** Resident set size of a process, in MB (Linux /proc). */
export function rssMb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(status);
    return m ? Math.round(Number(m[1]) / 1024) : NaN;
  } catch {
    return NaN;
  }
}

/** Samples the RSS of a process (or the sum over several) every `everyMs` until stopped; returns the peak. */
export function sampleRss(pids: number | number[], everyMs = 200): { stop(): number } {
  const list = Array.isArray(pids) ? pids : [pids];
  const now = () => list.reduce((sum, p) => sum + rssMb(p), 0);
  let peak = now();
  const timer = setInterval(() => {
    const v = now();
    if (v > peak) peak = v;
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, now());
    },
  };
}
