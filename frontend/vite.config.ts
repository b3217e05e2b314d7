import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

const backend = 'http://127.0.0.1:8080';

// What the Go server answers besides the web app: the API, sign-in (/auth/…: full-page
// navigations and the logout form) and, in demo mode, the built-in identity provider.
// Note that the server sends the browser back to its own address after signing in.
const backendProxy = {
  '/api': backend,
  '/healthz': backend,
  '^/auth/': backend,
  '^/dev-idp/': backend,
};

// Vite empties dist/ before each build; the Go binary embeds dist/ and needs the folder
// to exist in a fresh clone, so the committed placeholder is written back afterwards.
function keepDistPlaceholder(): Plugin {
  let outDir = 'dist';
  return {
    name: 'bondgenoten:keep-dist-gitkeep',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      mkdirSync(outDir, { recursive: true });
      writeFileSync(resolve(outDir, '.gitkeep'), '');
    },
  };
}

// Every text file of the build is also written compressed (name.br, name.gz) at the highest
// levels, once, at build time: the Go server sends the variant the browser accepts (api/spa.go),
// so a first visit moves about a third of the bytes and no request spends CPU compressing.
// Files below 1 KB, or that do not shrink by a tenth, stay as they are.
function precompress(): Plugin {
  let outDir = 'dist';
  const compressible = /\.(js|mjs|css|html|svg|json|txt|webmanifest|map|ico)$/;
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
  return {
    name: 'bondgenoten:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      for (const file of walk(outDir)) {
        if (!compressible.test(file)) continue;
        const raw = readFileSync(file);
        if (raw.length < 1024) continue;
        const br = brotliCompressSync(raw, {
          params: {
            [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY,
            [zlib.BROTLI_PARAM_SIZE_HINT]: raw.length,
          },
        });
        const gz = gzipSync(raw, { level: 9 });
        if (br.length < raw.length * 0.9) writeFileSync(`${file}.br`, br);
        if (gz.length < raw.length * 0.9) writeFileSync(`${file}.gz`, gz);
      }
    },
  };
}

// The Utrecht React bundle is one module whose `X.displayName = '…'` statements (there for
// React DevTools only) count as side effects, which keeps every one of its ~100 components in
// the bundle. Dropping those statements in production builds lets unused components be
// tree-shaken (about 50 KB gzip less JS).
function treeShakeUtrechtComponents(): Plugin {
  const displayName = /^[A-Za-z_$][\w$]*\.displayName = (['"])[^'"\n]*\1;$/gm;
  return {
    name: 'bondgenoten:tree-shake-utrecht',
    apply: 'build',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]node_modules[\\/]@utrecht[\\/][^\\/]+-react[\\/]dist[\\/].*\.mjs$/.test(id)) return null;
      return { code: code.replace(displayName, ''), map: null };
    },
  };
}

export default defineConfig({
  base: '/',
  plugins: [react(), treeShakeUtrechtComponents(), keepDistPlaceholder(), precompress()],
  server: { proxy: backendProxy },
  preview: { proxy: backendProxy },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    sourcemap: false,
    rolldownOptions: {
      // React's forwardRef() is pure; several NL Design System packages call it without a
      // /*#__PURE__*/ hint, which would keep their unused components.
      treeshake: { manualPureFunctions: ['forwardRef'] },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    restoreMocks: true,
  },
});
