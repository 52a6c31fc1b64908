// Copies the socket.io browser client into the widget's static folder, so the
// widget loads it from its own server (nothing comes from a CDN at run time).
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const source = resolve(here, "node_modules/socket.io-client/dist/socket.io.min.js");
const target = resolve(here, "../bot/web/static/vendor/socket.io.min.js");

if (!existsSync(source)) {
  console.error(`missing ${source}; run: cd web && npm ci`);
  process.exit(1);
}
mkdirSync(dirname(target), { recursive: true });
copyFileSync(source, target);
console.log(`copied socket.io.min.js -> ${target}`);
