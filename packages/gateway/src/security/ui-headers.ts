import type { RequestHandler } from 'express';

/**
 * Security headers for the UI: no content-type sniffing, and no referrer — a wall screen's URL
 * carries its token. (A Content-Security-Policy is not sent yet: the browser tests evaluate
 * strings in the page, which a policy without 'unsafe-eval' refuses; they need function
 * predicates or a context that bypasses it first.)
 */
export const uiHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  next();
};
