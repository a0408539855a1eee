import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The dashboard is served by the host at /; in `vite dev` /api goes to the
// host that `make run` started (CD_API_URL to point elsewhere).
export default defineConfig({
  plugins: [react()],
  resolve: { alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) } },
  build: { outDir: "dist", assetsDir: "assets", sourcemap: false, chunkSizeWarningLimit: 600 },
  server: { proxy: { "/api": process.env.CD_API_URL ?? "http://127.0.0.1:5500" } },
});
