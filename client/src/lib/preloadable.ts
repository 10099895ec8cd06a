/**
 * React.lazy with a preload: once the chunk has arrived, the component renders directly instead of suspending.
 * (React 19 holds a revealed Suspense fallback for at least 300 ms, so a needless suspension costs that much.)
 */
import { type ComponentType, createElement, lazy } from 'react';

export type Preloadable<P extends object> = { preload: () => Promise<unknown>; Component: ComponentType<P> };

export function preloadable<P extends object>(load: () => Promise<{ default: ComponentType<P> }>): Preloadable<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<{ default: ComponentType<P> }> | null = null;
  const start = () =>
    (pending ??= load().then((m) => {
      loaded = m.default;
      return m;
    }));
  const Lazy = lazy(start);
  // biome-ignore lint/correctness/noComponentHookFactories: made once per module at import time, never inside a render
  function Component(props: P) {
    return loaded ? createElement(loaded, props) : createElement(Lazy as unknown as ComponentType<P>, props);
  }
  return { preload: start, Component };
}
