import { type Request, type Response } from 'express';

const allowlist = new Set(['https://docs.example.com', 'https://status.example.com']);

// A substring test is not an allow-list: https://evil.example/?https://docs.example.com passes.
function redirectTargetOk(url: string) {
  return [...allowlist].some((allowed) => url.includes(allowed));
}

// A handler returned by a factory, reading the query from a destructured, typed request.
export function performRedirect() {
  return ({ query }: Request, res: Response) => {
    const to = query.to as string;
    if (redirectTargetOk(to)) {
      // ruleid: open-redirect
      return res.redirect(to);
    }
    return res.status(406).end();
  };
}

export function performExactRedirect() {
  return ({ query }: Request, res: Response) => {
    const to = query.to as string;
    if (allowlist.has(to)) {
      // ok: open-redirect
      return res.redirect(to);
    }
    return res.status(406).end();
  };
}
