/** Types of scripts/build.mjs for the TypeScript that imports it (test/e2e/global-setup.ts, tests). */
export declare const ROOT: string;
export declare function sourceHash(sources: string[]): string;
export declare function ensureClient(options?: { force?: boolean; log?: (line: string) => void }): boolean;
export declare function ensureServer(options?: { force?: boolean; log?: (line: string) => void }): Promise<string>;
