const Hapi = require('@hapi/hapi');
const ejs = require('ejs');
const Handlebars = require('handlebars');
const fs = require('fs');

const WELCOME = fs.readFileSync(__dirname + '/welcome.ejs', 'utf8');

function preview(template, data) {
  // ruleid: server-side-template-injection
  return Handlebars.compile(template)(data);
}

async function start() {
  const server = Hapi.server({ port: 3000 });
  server.route({
    method: 'POST',
    path: '/emails/preview',
    handler: (request) => {
      // ruleid: server-side-template-injection
      return ejs.render(request.payload.template, { user: request.payload.user });
    },
  });
  server.route({
    method: 'POST',
    path: '/emails/welcome',
    handler: (request) => {
      // ok: server-side-template-injection
      return ejs.render(WELCOME, { name: request.payload.name });
    },
  });
  server.route({
    method: 'POST',
    path: '/emails/custom',
    handler: (request) => preview(request.payload.body, { name: 'x' }),
  });
  server.route({
    method: 'POST',
    path: '/emails/greeting',
    // ok: server-side-template-injection
    handler: (request) => Handlebars.compile('Hello {{name}}')({ name: request.payload.name }),
  });
  await server.start();
}

module.exports = { start };
