const Handlebars = require('handlebars');

// The sender line is a mail header, not markup: only it is compiled without escaping, the body
// (the HTML) keeps it. The author chose escaping per template.
function renderMail(sender, title, body, vars) {
  // ok: stored-xss
  const header = Handlebars.compile(sender, { noEscape: true });
  const subject = Handlebars.compile(title);
  const html = Handlebars.compile(body);
  return { from: header(vars), subject: subject(vars), html: html(vars) };
}

// Every page compiled without escaping: the page prints its values raw.
function renderPage(source, vars) {
  // ruleid: stored-xss
  const page = Handlebars.compile(source, { noEscape: true });
  return page(vars);
}

module.exports = { renderMail, renderPage };
