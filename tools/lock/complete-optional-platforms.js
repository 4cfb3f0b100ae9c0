// Run after `npm install` on this network: node tools/lock/complete-optional-platforms.js
// Adds lock entries for platform-specific optional dependencies the registry mirror here does
// not serve (so npm could not record them). They are never installed on linux-x64; npm ci only
// needs them listed. os/cpu/libc come from the package name.
const fs = require('fs');
const file = process.argv[2] || 'package-lock.json';
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const platform = (name) => {
  const m = name.match(/-(android|darwin|freebsd|linux|openharmony|win32|wasm32)-?(arm64|arm|x64|ia32|ppc64|s390x|riscv64|loong64|wasi)?(?:-(gnueabihf|musleabihf|gnu|musl|msvc|eabi))?$/);
  if (!m) return null;
  if (m[1] === 'wasm32') return { cpu: ['wasm32'] };
  const entry = { cpu: [m[2]], os: [m[1]] };
  if (m[3] && /gnu/.test(m[3])) entry.libc = ['glibc'];
  if (m[3] && /musl/.test(m[3])) entry.libc = ['musl'];
  return entry;
};
let added = 0;
for (const [key, pkg] of Object.entries(lock.packages)) {
  for (const [dep, version] of Object.entries(pkg.optionalDependencies || {})) {
    const path = `node_modules/${dep}`;
    if (lock.packages[path]) continue;
    const p = platform(dep);
    if (!p) { console.error(`skip ${dep}: not a platform package`); continue; }
    lock.packages[path] = { version, ...p, optional: true, ...(pkg.dev ? { dev: true } : {}) };
    added++;
  }
}
const sorted = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
lock.packages = sorted;
fs.writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
console.log(`added ${added} entries`);
