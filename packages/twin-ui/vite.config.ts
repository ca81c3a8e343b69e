import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The gateway serves GraphQL (HTTP and WebSocket subscriptions) and health on one port; in
// development the UI proxies to it.
const gateway = 'http://127.0.0.1:4000';
const proxy = { '/graphql': { target: gateway, ws: true }, '/healthz': gateway };

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // deck.gl alone is about 1 MB minified; a wall screen loads it once and keeps it.
    chunkSizeWarningLimit: 2500,
  },
  server: { proxy },
  preview: { proxy },
});
