import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { baselinePage } from './ui-probes.ts';

const deckBundle = path.resolve(
  import.meta.dirname,
  '../../../packages/twin-ui/node_modules/@deck.gl/core/dist.min.js',
);

/**
 * Serves the empty-Deck baseline page of the UI benchmarks on 127.0.0.1 (a 1920×1080 Deck with no
 * layers, from deck.gl's standalone bundle of the installed version).
 */
export function serveBaseline(): Promise<{ url: string; close(): Promise<void> }> {
  const bundle = readFileSync(deckBundle);
  const server: Server = createServer((request, response) => {
    if (request.url === '/deck-core.min.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' });
      response.end(bundle);
    } else if (request.url === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(baselinePage);
    } else {
      response.writeHead(404);
      response.end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        reject(new Error('the baseline server has no port'));
        return;
      }
      resolve({
        url: `http://127.0.0.1:${address.port}/`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
