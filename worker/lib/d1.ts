/** The rows of one statement's result in a batch, typed by the statement's known shape. */
export function rowsOf<Row>(result: D1Result | undefined): Row[] {
  return (result?.results ?? []) as Row[];
}
