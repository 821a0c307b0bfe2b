const tickets = new Map();

async function loadTicket(id) {
  const raw = tickets.get(id);
  return raw ? JSON.parse(raw) : undefined;
}

module.exports = { loadTicket };
