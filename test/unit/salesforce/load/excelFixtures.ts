/**
 * Files as Excel saves them after a person opened a failed-records file of the extension and fixed it.
 * The grid is what Excel holds once it has read the file (numbers reformatted: `00012345` → 12345, a
 * 16-digit number → 1.23457E+15; one value typed with a leading apostrophe stays text), and each save
 * format writes it as documented, not with the project's CSV writer:
 * - "CSV (Comma delimited)": the Windows ANSI code page (Windows-1252 in western locales), the list
 *   separator of the regional settings (`,` in English, `;` in German, French, Dutch, Italian,
 *   Spanish), CRLF, a field quoted only when it holds the separator, a quote or a line break;
 * - "CSV UTF-8 (Comma delimited)": an EF BB BF byte order mark, UTF-8, CRLF;
 * - "Unicode Text": FF FE, UTF-16 little endian, tab-separated, CRLF
 *   (herongyang.com, "Saving Files in Unicode Text (*.txt)": `FFFE…0D000A00`).
 */
import * as iconv from 'iconv-lite';

export const HEADER = ['sf__Id', 'sf__Error', 'Name', 'AccountNumber', 'Phone', 'Description'];
export const GRID: string[][] = [
  ['', 'REQUIRED_FIELD_MISSING:Required fields are missing: [Phone]:Phone --', 'Müller GmbH', '12345', '+49 221 1234567', 'Köln; Rheinland'],
  ['', 'STRING_TOO_LONG:Name: data value too large', 'João Silva', '00042', '+55 11 5555 0000', 'São Paulo'],
  ['', 'REQUIRED_FIELD_MISSING:Required fields are missing: [Phone]:Phone --', 'Zoë Brest', '1.23457E+15', '+33 1 23 45 67 89', 'Paris, "7e"'],
];
/** What Salesforce must receive, per row (the sf__ columns left out). */
export const SENT = GRID.map((r) => r.slice(2));

function excelField(value: string, separator: string): string {
  return value.includes(separator) || /["\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function excelText(separator: string): string {
  return [HEADER, ...GRID].map((row) => row.map((v) => excelField(v, separator)).join(separator)).join('\r\n') + '\r\n';
}

export const EXCEL_SAVES: Record<string, { bytes: Buffer; encoding: string; delimiter: string; columnDelimiter: string }> = {
  'CSV (Comma delimited), English Windows': { bytes: iconv.encode(excelText(','), 'windows1252'), encoding: 'windows1252', delimiter: ',', columnDelimiter: 'COMMA' },
  'CSV (Comma delimited), German Windows': { bytes: iconv.encode(excelText(';'), 'windows1252'), encoding: 'windows1252', delimiter: ';', columnDelimiter: 'SEMICOLON' },
  'CSV UTF-8 (Comma delimited)': { bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(excelText(','), 'utf8')]), encoding: 'utf8', delimiter: ',', columnDelimiter: 'COMMA' },
  'Unicode Text': { bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(excelText('\t'), 'utf16le')]), encoding: 'utf16le', delimiter: '\t', columnDelimiter: 'TAB' },
};
