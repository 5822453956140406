// Types of v8-code-cache.js for the TypeScript tests.
export function readCodeCache(file: string): Buffer | undefined;
export function writeCodeCache(file: string, payload: Buffer): boolean;
