/**
 * Entry of the exceljs side bundle (see load.ts): the library alone, so a function loads it
 * only when a request reads or writes a workbook.
 */
import ExcelJS from 'exceljs';

export default ExcelJS;
