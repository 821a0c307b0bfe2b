const libxmljs = require('libxmljs2');
const { XmlDocument, ParseOption } = require('libxml2-wasm');

// The flag is set here; the parse happens elsewhere (a worker, a vm script).
// ruleid: xml-external-entities-enabled
const LOAD_OPTIONS = ParseOption.XML_PARSE_NOENT | ParseOption.XML_PARSE_NOBLANKS;

function importCatalog(text) {
  return XmlDocument.fromString(text, { option: LOAD_OPTIONS });
}

function importFeed(text) {
  // ruleid: xml-external-entities-enabled
  return libxmljs.parseXml(text, { noent: true, nonet: true });
}

function importSafely(text) {
  // ok: xml-external-entities-enabled
  return libxmljs.parseXml(text, { noent: false, nonet: true });
}

function withoutEntities(options) {
  // ok: xml-external-entities-enabled
  return options & ~ParseOption.XML_PARSE_NOENT;
}

module.exports = { importCatalog, importFeed, importSafely, withoutEntities };
