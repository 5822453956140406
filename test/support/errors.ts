import { SpecError } from '../../lib/validation/errors';

/** The SpecError `run` throws; fails when it throws nothing or something else. */
export function thrownSpecError(run: () => unknown): SpecError {
  try {
    run();
  } catch (error) {
    if (error instanceof SpecError) return error;
    throw error;
  }
  throw new Error('expected a SpecError, nothing was thrown');
}
