// Default: builds the renderer into dist/renderer (base './' so the same files load from
// file:// in Electron and from the `serve` HTTP root).
// `vite build --mode preload`: bundles the Electron preload into one CommonJS file, because a
// sandboxed preload can require only 'electron', not ESM or our own modules.
import { defineConfig } from 'vite';
import type { UserConfig } from 'vite';
import react from '@vitejs/plugin-react';

const renderer: UserConfig = {
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // No inline scripts or data: URLs, so the strict CSP holds.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
  server: { host: '127.0.0.1' },
};

const preload: UserConfig = {
  publicDir: false,
  build: {
    outDir: 'dist/app/electron/preload',
    emptyOutDir: false,
    minify: false,
    sourcemap: false,
    lib: { entry: 'electron/preload/preload.ts', formats: ['cjs'], fileName: () => 'preload.cjs' },
    rollupOptions: { external: ['electron'] },
  },
};

export default defineConfig(({ mode }) => (mode === 'preload' ? preload : renderer));
