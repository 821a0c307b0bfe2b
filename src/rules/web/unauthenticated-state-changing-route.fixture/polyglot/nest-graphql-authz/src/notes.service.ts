export class NotesService {
  private readonly rows = new Map<string, string>();

  create(text: string) {
    const id = String(this.rows.size + 1);
    this.rows.set(id, text);
    return id;
  }

  remove(id: string) {
    return this.rows.delete(id);
  }

  flag(id: string) {
    return this.rows.has(id);
  }

  listPublic() {
    return [...this.rows.values()];
  }
}
