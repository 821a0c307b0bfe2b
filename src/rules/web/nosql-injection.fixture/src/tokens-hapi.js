// Hapi checks request.payload against `validate.payload` before the pre methods and the handler:
// a `Joi.string()` field cannot hold an operator object, an untyped one can.
const Hapi = require('@hapi/hapi');
const Joi = require('joi');
const mongoose = require('mongoose');

const Ticket = mongoose.model('Ticket', new mongoose.Schema({ code: String, owner: String }));
const server = Hapi.server({ port: 4000 });

server.route({
  method: 'POST',
  path: '/tickets/redeem',
  options: {
    auth: false,
    validate: { payload: { code: Joi.string().trim().required() } },
    pre: [{
      assign: 'ticket',
      method: async function (request, h) {
        const filter = { code: request.payload.code };
        // ok: nosql-injection
        const ticket = await Ticket.findOne(filter);
        return ticket ? ticket.toObject() : h.response().code(404).takeover();
      },
    }],
  },
  handler: async (request) => {
    // ok: nosql-injection
    const ticket = await Ticket.findOne({ code: request.payload.code, owner: null });
    return { id: ticket.id, pre: request.pre.ticket };
  },
});

server.route({
  method: 'POST',
  path: '/tickets/claim',
  options: { auth: false, validate: { payload: Joi.object({ code: Joi.any(), note: Joi.string() }) } },
  handler: async (request) => {
    // ruleid: nosql-injection
    const ticket = await Ticket.findOne({ code: request.payload.code });
    return { id: ticket.id };
  },
});

server.route({
  method: 'POST',
  path: '/tickets/lookup',
  options: { auth: false },
  handler: async (request) => {
    // ruleid: nosql-injection
    const ticket = await Ticket.findOne({ code: request.payload.code });
    return { id: ticket.id };
  },
});
