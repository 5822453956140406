/** Types of plan-following.js, which Jest loads untransformed as a reporter. */
export const EXTRA_SERVICE: string;
export const NAMING_SUITES: readonly string[];
export const LOOPING_SUITES: readonly string[];
export const PER_SERVICE_SUITES: readonly string[];
export function suitesIgnoringExtraService(
  rootDir: string,
  testResults: readonly { readonly testFilePath: string; readonly testResults: readonly { readonly fullName: string }[] }[],
): string[];
