// The ticket's origin was stored by the server; only the members the request set are the client's.
async function forward(ticket, res) {
  // ok: ssrf
  const upstream = await fetch(ticket.origin, { headers: { Range: ticket.range } });
  res.status(upstream.status).send(Buffer.from(await upstream.arrayBuffer()));
}

async function mirror(ticket, res) {
  // ruleid: ssrf
  const upstream = await fetch(ticket.origin, { headers: { Range: ticket.range } });
  res.status(upstream.status).send(Buffer.from(await upstream.arrayBuffer()));
}

module.exports = { forward, mirror };
