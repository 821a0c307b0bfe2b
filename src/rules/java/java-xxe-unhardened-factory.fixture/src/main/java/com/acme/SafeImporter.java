package com.acme;

import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;

public class SafeImporter {
  Document read(java.io.InputStream in) throws Exception {
    // ok: java-xxe-unhardened-factory
    DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
    dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return dbf.newDocumentBuilder().parse(in);
  }
}
