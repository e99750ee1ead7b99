import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    rolldownOptions: {
      // The web app takes only types and constant lists from @inbox/contract; its zod schemas are
      // built at module load, which the bundler must otherwise keep (zod: ~28 kB gzip for nothing).
      treeshake: { moduleSideEffects: (id) => !/[\\/]packages[\\/]contract[\\/]|[\\/]node_modules[\\/]zod[\\/]/.test(id) },
    },
  },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
