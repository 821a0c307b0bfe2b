// Constant tables looked up by names read from the parse (import specifiers, callee and member
// names). Indexing a plain object with such a string makes V8 internalise it (hash it into the
// string table) on every lookup, which costs microseconds for strings sliced from the source or
// built by concatenation; a Map only hashes the string once.

/** Names a plain object inherits from Object.prototype (`constructor`, `toString`, `__proto__`...). */
const INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype));

/** A read-only name → value table that answers exactly as `object[name]` would. */
export class Table<T> {
  private readonly map: Map<string, T>;

  constructor(private readonly object: Readonly<Record<string, T>>) {
    this.map = new Map(Object.entries(object));
  }

  get(name: string): T | undefined {
    // An inherited name is rare: the object itself answers it (an Object.prototype member).
    return INHERITED.has(name) ? this.object[name] : this.map.get(name);
  }
}
