import type { Demand, LoadCurve } from '../../lib/scaling/load-curves';

/** The same demand throughout. */
export function constantLoad(demand: Demand): LoadCurve {
  return () => demand;
}
