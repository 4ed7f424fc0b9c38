import ExcelJS from 'exceljs';
import { writeFileSync, readFileSync, existsSync } from 'node:fs';
import { validateRows, buildIdNumber } from '@renkou/core';
import { decodeTable, isFileProblem } from './files';
if (!existsSync('/tmp/big.xlsx')) {
const id = buildIdNumber('330522', '1990-01-01', 123);
const lines = ['业务编号,变动类型,公民身份号码,姓名,性别,出生日期,变动日期,迁出地区划代码,迁入地区划代码'];
for (let i = 0; i < 200000; i++) lines.push(`GA${i},迁入,${id},王建平,男,1990-01-01,2024-03-04,320508,330522001002`);
writeFileSync('/tmp/big.csv', lines.join('\r\n'));
const wb = new ExcelJS.Workbook(); const ws = wb.addWorksheet('a');
ws.addRow(lines[0]!.split(','));
for (let i = 1; i <= 200000; i++) ws.addRow(lines[i]!.split(','));
writeFileSync('/tmp/big.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
process.exit(0);
}
for (const f of ['/tmp/big.xlsx', '/tmp/big.csv']) {
let t0 = performance.now();
const tx = await decodeTable(readFileSync(f), f);
console.log(f, 'decode ms', Math.round(performance.now() - t0), isFileProblem(tx) ? tx : tx.rows.length);
if (isFileProblem(tx)) throw new Error();
t0 = performance.now();
const r = validateRows('police_hukou', tx.header, tx.rows, '2024-06-30', { rowNumbers: tx.rowNumbers });
console.log('validate ms', Math.round(performance.now() - t0), r.rows.filter((x) => x.ok).length);
}
