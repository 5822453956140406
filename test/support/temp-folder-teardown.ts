import { checkOwnTempFolder } from './temp-folder-guard';

export default (): void => checkOwnTempFolder();
