function onMessage(e) {
  const msg = JSON.parse(e.data);
  const xhr = new XMLHttpRequest();
  xhr.open('POST', '/api/members');
  xhr.withCredentials = true;
  // ruleid: postmessage-listener-without-origin-check
  xhr.send('user=' + msg.user);
}
window.addEventListener('message', onMessage);

// Text only: nothing the message says is run, rendered or sent.
window.addEventListener('message', ({ data }) => {
  // ok: postmessage-listener-without-origin-check
  document.getElementById('label').textContent = data;
});

// The event goes whole to a helper that may check it.
window.addEventListener('message', (event) => {
  // ok: postmessage-listener-without-origin-check
  route(event, (payload) => { document.body.innerHTML = payload; });
});

window.onmessage = function (ev) {
  if (ev.source !== document.getElementById('frame').contentWindow) return;
  // ok: postmessage-listener-without-origin-check
  location.href = ev.data.next;
};
