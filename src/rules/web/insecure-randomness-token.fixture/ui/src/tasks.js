export function launchTask(prompt) {
  // A readable, timestamped label for a task run.
  // ok: insecure-randomness-token
  const sessionId = `task-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  return { sessionId, prompt };
}
