import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    // In development the API runs on the host; in compose nginx does this job.
    proxy: {
      '/api': 'http://localhost:3000',
    },
  },
});
