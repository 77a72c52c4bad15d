/**
 * RFC 4180 fields, made inert for spreadsheets: a cell starting with =, +, -, @, tab or CR would be read as
 * a formula by Excel (LINE display names are chosen by their users), so it gets a leading apostrophe.
 */
function field(value: string): string {
  const inert = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(inert) ? `"${inert.replace(/"/g, '""')}"` : inert;
}

/** CSV with a UTF-8 byte order mark, so that Excel in Japan opens the Japanese text correctly. */
export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return `\uFEFF${[header, ...rows].map((row) => row.map(field).join(',')).join('\r\n')}\r\n`;
}
