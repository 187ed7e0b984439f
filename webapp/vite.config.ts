import { defineConfig } from 'vitest/config';

// Built by the Maven build (webapp/pom.xml) into the jar the gateway serves at `/`.
export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: 'target/classes/META-INF/webapp',
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    // no inline <script>: the app's Content-Security-Policy allows scripts only from its origin
    modulePreload: { polyfill: false },
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: {
    // npm run dev: the suite's gateway (./rag up) answers /api
    proxy: { '/api': process.env.RAG_GATEWAY_URL ?? 'http://127.0.0.1:8080' },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
  },
});
