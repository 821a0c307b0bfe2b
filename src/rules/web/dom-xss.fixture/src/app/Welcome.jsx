import DOMPurify from 'dompurify';

export function Welcome({ greeting }) {
  const name = new URLSearchParams(window.location.search).get('name');
  return (
    <div>
      {/* ruleid: dom-xss */}
      <h1 dangerouslySetInnerHTML={{ __html: `Hello ${name}` }} />
      {/* ok: dom-xss */}
      <p dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(name) }} />
      {/* ok: dom-xss */}
      <p dangerouslySetInnerHTML={{ __html: greeting }} />
    </div>
  );
}
