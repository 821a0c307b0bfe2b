export class TransfersService {
  constructor(private readonly db: { query(sql: string, params: unknown[]): Promise<unknown> }) {}

  cancel(id: string) {
    return this.db.query('UPDATE transfers SET status = $1 WHERE id = $2', ['cancelled', id]);
  }

  approve(id: string, note: string) {
    return this.db.query('UPDATE transfers SET status = $1, note = $2 WHERE id = $3', ['approved', note, id]);
  }
}
