import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

// `wrangler dev` serves the API and the local ID token issuer.
const worker = 'http://127.0.0.1:8787';

export default defineConfig({
  plugins: [preact()],
  build: {
    outDir: 'dist',
    target: 'es2022',
  },
  server: {
    proxy: {
      '/api': worker,
      '/dev': worker,
    },
  },
});
