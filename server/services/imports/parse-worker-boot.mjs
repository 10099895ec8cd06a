// The worker thread of parse-off-thread.ts: registers tsx (TypeScript) in this thread, then runs parse-worker.ts.
import { register } from 'tsx/esm/api';

register();
await import('./parse-worker.ts');
