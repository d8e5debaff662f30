/**
 * Entry of the exceljs side bundle (see load.ts): the library, and the import's workbook reader
 * that uses it (shared/infrastructure/files/xlsx-read.ts), so a function loads them only when a
 * request reads or writes a workbook.
 */
import ExcelJS from 'exceljs';

export { readXlsx } from '../infrastructure/files/xlsx-read.ts';
export default ExcelJS;
