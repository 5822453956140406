// Types of the helpers code-cached-runtime.js exports for its tests (the runtime itself is Jest's to load).
export function codeCacheName(code: string): string;
export function pruneCodeCaches(dir: string, before: number): number;
