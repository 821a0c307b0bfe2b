package com.acme;

import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;

public class InvoiceImporter {
  Document read(java.io.InputStream in) throws Exception {
    // ruleid: java-xxe-unhardened-factory
    DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
    return dbf.newDocumentBuilder().parse(in);
  }
}
