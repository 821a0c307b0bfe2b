// Synthetic seed data: the random draws shape demo sessions, they protect nothing.
function generateEventsForSession(session) {
  // ok: insecure-randomness-token
  const sessionToken = Math.random().toString(36).slice(2);
  return { ...session, sessionToken };
}

module.exports = { generateEventsForSession };
