/**
 * Vitest global setup: builds the client (scripts/build.mjs, as `npm start` does) when dist/client is missing
 * or its sources changed, so the browser tests always drive the current client. The build is written beside
 * dist/client and swapped in, so a server running from dist/client never sees a half-written build.
 */
import { ensureClient } from '../../scripts/build.mjs';

export default function setup(): void {
  ensureClient();
}
