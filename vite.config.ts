import preact from '@preact/preset-vite';
import { defineConfig, type Plugin } from 'vite';

// `wrangler dev` serves the API and the local ID token issuer.
const worker = 'http://127.0.0.1:8787';

/**
 * Demo and development builds sign in through the LIFF mock, a chunk that the entry imports as it starts.
 * Preloaded, it downloads alongside the entry instead of after it. Production builds have no such chunk.
 */
function preloadLiffMock(): Plugin {
  return {
    name: 'kengen:preload-liff-mock',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle }) {
        const chunk = Object.values(bundle ?? {}).find(
          (output) => output.type === 'chunk' && output.name === 'liff-mock',
        );
        if (!chunk) return [];
        return [
          {
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: `/${chunk.fileName}` },
            injectTo: 'head',
          },
        ];
      },
    },
  };
}

export default defineConfig({
  plugins: [preact(), preloadLiffMock()],
  build: {
    outDir: 'dist',
    target: 'es2022',
    rolldownOptions: {
      output: {
        // Everything the entry imports statically goes into the entry chunk itself. Left alone, the bundler puts
        // the LIFF SDK modules that lazy chunks also use (share target picker, friendship) in a chunk of their
        // own that the entry imports: two gzip streams, and the imports and exports between them, cost some
        // 2 KB gzip of the 48 KB first-screen budget (SPEC §7) for no gain, since every lazy chunk is loaded
        // from the entry anyway.
        codeSplitting: { groups: [{ name: 'index', tags: ['$initial'] }] },
      },
    },
  },
  server: {
    proxy: {
      '/api': worker,
      '/dev': worker,
    },
  },
});
