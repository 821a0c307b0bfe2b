package com.acme.shop;

import javax.xml.parsers.DocumentBuilderFactory;

public class CatalogImporter {
  Object load(java.io.File file) throws Exception {
    // ruleid: java-xxe-unhardened-factory
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file);
  }
}
