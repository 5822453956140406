import { recordTempFolder } from './temp-folder-guard';

export default recordTempFolder;
