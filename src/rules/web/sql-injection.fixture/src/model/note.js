// A domain class that rebuilds itself from its stored (raw) form: no SQL anywhere.
class Note {
  constructor(text) {
    this.text = text;
  }

  static fromRaw(raw) {
    return new Note(String(raw.text));
  }
}

module.exports = Note;
