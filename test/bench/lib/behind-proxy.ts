/**
 * The rankings page through HAProxy in front of two app servers (issue 18), next to the one-server
 * figure of the same run: a second server on the same database, HAProxy balancing both by /healthz
 * (as deploy/ha/haproxy.cfg.in does), the same load test through it. Loopback only.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../helpers/processes';
import { type ChildServer, startServer } from './http';

/** Runs `load` against HAProxy balancing `first` and a second server on `databaseUrl`; null when HAProxy is not installed. */
export async function measureBehindProxy<T>(
  databaseUrl: string,
  first: ChildServer,
  load: (base: string) => Promise<T>,
): Promise<(T & { appServers: number }) | null> {
  try {
    execFileSync('haproxy', ['-v'], { stdio: 'ignore' });
  } catch {
    return null;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dukao-bench-haproxy-'));
  let second: ChildServer | undefined;
  let proxy: ChildProcess | undefined;
  try {
    second = await startServer(databaseUrl);
    const port = await freePort();
    const addr = (s: ChildServer) => s.base.replace('http://', '');
    fs.writeFileSync(
      path.join(dir, 'haproxy.cfg'),
      [
        'global',
        '    maxconn 2000',
        'defaults',
        '    mode http',
        '    timeout connect 2s',
        '    timeout client 60s',
        '    timeout server 60s',
        'frontend dukao_http',
        `    bind 127.0.0.1:${port}`,
        '    default_backend dukao_app',
        'backend dukao_app',
        '    balance roundrobin',
        '    option httpchk GET /healthz',
        '    http-reuse safe',
        `    server app1 ${addr(first)} check inter 1s`,
        `    server app2 ${addr(second)} check inter 1s`,
        '',
      ].join('\n'),
    );
    proxy = spawn('haproxy', ['-db', '-f', path.join(dir, 'haproxy.cfg')], { stdio: 'ignore' });
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100; i++) {
      const ok = await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    // Both servers in (the health checks have passed), then the same load as the one-server run.
    await new Promise((r) => setTimeout(r, 1500));
    return { ...(await load(base)), appServers: 2 };
  } finally {
    if (proxy && proxy.exitCode === null) {
      const exited = new Promise((r) => proxy!.once('exit', r));
      proxy.kill('SIGTERM');
      await exited;
    }
    await second?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
