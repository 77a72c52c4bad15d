/** Opaque, unguessable identifiers: IDs must reveal nothing about other resources (rule 9). */
export function newId(): string {
  return crypto.randomUUID();
}
