import { checkTempFolder } from './temp-folder-guard';

export default checkTempFolder;
