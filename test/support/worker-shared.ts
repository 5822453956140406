/**
 * A value the test files of one Jest worker share: computed by the first file that asks,
 * kept as JSON by the test runtime (test/support/code-cached-runtime.js), and parsed
 * afresh by each later file, so every file still gets objects of its own. For what is
 * the same for every file of a run (main.ts's synthesized output). Without that runtime
 * each file computes it.
 */
interface WorkerSharedTexts {
  get(key: string): string | undefined;
  set(key: string, text: string): void;
}

export function sharedPerWorker<T, Data>(key: string, compute: () => T, toData: (value: T) => Data, fromData: (data: Data) => T): T {
  const store = (globalThis as { __workerSharedTexts?: WorkerSharedTexts }).__workerSharedTexts;
  const text = store?.get(key);
  if (text !== undefined) return fromData(JSON.parse(text) as Data);
  const value = compute();
  store?.set(key, JSON.stringify(toData(value)));
  return value;
}
