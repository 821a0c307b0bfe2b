export const db = { insert: async (_table: string, _row: unknown) => undefined };
