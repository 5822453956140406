import { useOwnTempFolder } from './temp-folder-guard';

// Jest passes its configs: the guard works on the real environment.
export default (): void => useOwnTempFolder();
