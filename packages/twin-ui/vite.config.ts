import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type Rollup } from 'vite';

// The gateway serves GraphQL (HTTP and WebSocket subscriptions) and health on one port; in
// development the UI proxies to it.
const gateway = 'http://127.0.0.1:4000';
const proxy = { '/graphql': { target: gateway, ws: true }, '/healthz': gateway };

// Each scene's module (src/scenes/<file>.tsx) by its `?scene=` name, as in src/app/scene-registry.tsx.
const sceneModules: Record<string, string> = {
  overview: 'overview-scene',
  hotline: 'hotline-scene',
  alerts: 'alert-scene',
  iot: 'iot-scene',
  video: 'video-scene',
  city3d: 'city3d-scene',
  cockpit: 'cockpit-scene',
};

/**
 * Fetches the code of the scene the URL names together with the entry, not after it: a small
 * inline script in index.html adds a modulepreload for each file of that scene's chunk graph
 * (only that scene's: the cockpit's URL gets no deck.gl, the overview's no three.js).
 */
function scenePreload(): Plugin {
  let base = '/';
  return {
    name: 'city-twin-scene-preload',
    apply: 'build',
    configResolved(config) {
      base = config.base;
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, { bundle, chunk }) {
        if (!bundle || !chunk) return html;
        const chunks = new Map<string, Rollup.OutputChunk>();
        for (const output of Object.values(bundle)) {
          if (output.type === 'chunk') chunks.set(output.fileName, output);
        }
        const closure = (fileName: string, into = new Set<string>()): Set<string> => {
          if (into.has(fileName)) return into;
          into.add(fileName);
          for (const imported of chunks.get(fileName)?.imports ?? []) closure(imported, into);
          return into;
        };
        const loadedWithEntry = closure(chunk.fileName);
        const files: Record<string, string[]> = {};
        for (const [scene, module] of Object.entries(sceneModules)) {
          const sceneChunk = [...chunks.values()].find((item) =>
            item.facadeModuleId?.endsWith(`/src/scenes/${module}.tsx`),
          );
          if (!sceneChunk) continue;
          files[scene] = [...closure(sceneChunk.fileName)]
            .filter((fileName) => !loadedWithEntry.has(fileName))
            .map((fileName) => `${base}${fileName}`);
        }
        // An unknown scene shows the overview (parseScreenLocation).
        const script = `(function () {
  var files = ${JSON.stringify(files)};
  var scene = new URLSearchParams(location.search).get('scene') || 'overview';
  (files[scene] || files.overview || []).forEach(function (href) {
    var link = document.createElement('link');
    link.rel = 'modulepreload';
    link.crossOrigin = '';
    link.href = href;
    document.head.appendChild(link);
  });
})();`;
        return { html, tags: [{ tag: 'script', children: script, injectTo: 'head' }] };
      },
    },
  };
}

export default defineConfig({
  plugins: [react(), scenePreload()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // deck.gl alone is about 1 MB minified; a wall screen loads it once and keeps it.
    chunkSizeWarningLimit: 2500,
  },
  server: { proxy },
  preview: { proxy },
});
