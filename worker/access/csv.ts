/** A CSV cell: its text as written to the file. Made only by `text` or `identifier`. */
export type Cell = { readonly written: string };

/**
 * Text someone chose (a LINE display name, an account's name): a cell starting with =, +, -, @, tab or CR
 * would be read as a formula by Excel, so it gets a leading apostrophe.
 */
export function text(value: string): Cell {
  return { written: /^[=+\-@\t\r]/.test(value) ? `'${value}` : value };
}

/**
 * A value of a fixed, validated shape that starts with @ (a basic ID such as @123abcde): Excel would take
 * the @ for a formula and an apostrophe would show, so it is written as a formula of one string constant,
 * which Excel, Numbers and Google Sheets show as the plain value. Anything else is written as `text`.
 */
export function identifier(value: string): Cell {
  return /^@[0-9a-z._-]+$/i.test(value) ? { written: `="${value}"` } : text(value);
}

function field(cell: Cell): string {
  return /[",\r\n]/.test(cell.written) ? `"${cell.written.replace(/"/g, '""')}"` : cell.written;
}

/** CSV with a UTF-8 byte order mark, so that Excel in Japan opens the Japanese text correctly. */
export function toCsv(header: readonly Cell[], rows: readonly (readonly Cell[])[]): string {
  return `\uFEFF${[header, ...rows].map((row) => row.map(field).join(',')).join('\r\n')}\r\n`;
}
