// Completes package-lock.json with the platform-specific optional packages that npm could not
// resolve when the lock was written (a registry mirror without every platform's binaries, e.g.
// the darwin builds of native addons). npm then leaves them out of the lock and `npm ci` refuses
// the lock as out of sync on every machine. Each missing package gets an entry marked optional
// with its os/cpu, so npm skips it on other platforms and fetches it where it belongs.
// Run after `npm install` changes the lock: `node scripts/lockfile-optionals.mjs`.
import { readFileSync, writeFileSync } from "node:fs";

const path = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(path, "utf8"));
const packages = lock.packages;
const OS = ["darwin", "linux", "win32", "freebsd", "android", "openbsd", "sunos", "aix", "netbsd"];
const CPU = ["arm64", "x64", "arm", "ia32", "ppc64", "s390x", "riscv64", "loong64", "mips64el"];

let added = 0;
for (const [where, pkg] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(pkg.optionalDependencies ?? {})) {
    const base = where ? `${where}/node_modules/${name}` : `node_modules/${name}`;
    if (packages[base] || packages[`node_modules/${name}`]) continue;
    const parts = name.split("/").pop().split("-");
    const os = parts.find((p) => OS.includes(p));
    const cpu = parts.find((p) => CPU.includes(p));
    if (!os || !cpu) continue; // not a platform build: leave it to npm
    packages[`node_modules/${name}`] = { version: version.replace(/^[\^~]/, ""), optional: true, os: [os], cpu: [cpu] };
    added++;
  }
}
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`lockfile: ${added} platform-specific optional package(s) added`);
