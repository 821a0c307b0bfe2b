// A hand-off to a browser extension listening on this very page.
export function connect(apiKey) {
  // ok: postmessage-credential-to-any-origin
  window.postMessage({ type: 'connect', apiKey }, '*');
}

export function notifyParent(session) {
  // ruleid: postmessage-credential-to-any-origin
  parent.postMessage(session.accessToken, '*');
}
