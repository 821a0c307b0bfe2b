package com.acme;

import javax.servlet.http.*;

public class PingServlet extends HttpServlet {
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws java.io.IOException {
    String host = req.getParameter("host");
    // ruleid: command-injection
    Runtime.getRuntime().exec("ping -c 1 " + host);
    // ok: command-injection
    Runtime.getRuntime().exec(new String[] {"uptime"});
  }
}
