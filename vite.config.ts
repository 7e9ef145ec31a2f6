import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** Web UI: sources in src/web, built into dist/web (served by the API server with SPA fallback). */
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 900,
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://localhost:3000', changeOrigin: false } },
  },
});
