/** A tiny client-side router over the history API: the current location as React state, links and path patterns. */
import { type AnchorHTMLAttributes, type MouseEvent, useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();

function notify(): void {
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

const href = () => window.location.pathname + window.location.search;

/** Goes to `to` (a path with an optional query) without reloading the page. */
export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  if (to === href()) return;
  if (opts.replace) window.history.replaceState(null, '', to);
  else {
    window.history.pushState(null, '', to);
    window.scrollTo(0, 0);
  }
  notify();
}

export type Location = { pathname: string; search: URLSearchParams; href: string };

/** The current location; re-renders on every navigation. */
export function useLocation(): Location {
  const current = useSyncExternalStore(subscribe, href, href);
  const url = new URL(current, 'http://x');
  return { pathname: url.pathname, search: url.searchParams, href: current };
}

/** A query-string parameter and a setter that replaces it (keeping the other parameters). */
export function useSearchParam(name: string): [string | null, (value: string | null) => void] {
  const loc = useLocation();
  const value = loc.search.get(name);
  const set = (next: string | null) =>
    navigate(withParams(loc.pathname, loc.search, { [name]: next }), { replace: true });
  return [value, set];
}

/** `path?query` with some parameters set (null removes one). */
export function withParams(
  pathname: string,
  search: URLSearchParams | string,
  changes: Record<string, string | null | undefined>,
): string {
  const params = new URLSearchParams(search);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === undefined || v === '') params.delete(k);
    else params.set(k, v);
  }
  const q = params.toString();
  return q ? `${pathname}?${q}` : pathname;
}

/** Matches `/scorecard/:unit` against a pathname; returns the decoded parameters or null. */
export function matchPath(pattern: string, pathname: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean);
  const s = pathname.split('/').filter(Boolean);
  const params: Record<string, string> = {};
  for (let i = 0; i < Math.max(p.length, s.length); i++) {
    const part = p[i];
    const seg = s[i];
    if (part === undefined) return null;
    if (part.endsWith('?') && seg === undefined) continue;
    if (seg === undefined) return null;
    if (part.startsWith(':')) {
      try {
        params[part.slice(1).replace(/\?$/, '')] = decodeURIComponent(seg);
      } catch {
        return null;
      }
    } else if (part !== seg) return null;
  }
  return params;
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string };

/** An anchor that navigates in place (a modified click still opens a new tab). */
export function Link({ to, onClick, ...rest }: LinkProps) {
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={handle} {...rest} />;
}
