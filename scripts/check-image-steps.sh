#!/usr/bin/env bash
# Proves the Dockerfile's steps outside Docker (CI has no Docker engine): a fresh folder holding
# only what the image copies, a production-only install, the built dist/, and an import of the
# bundled sample as the image's entrypoint would run it, then the dispatcher started from the same
# files. Run after `npm run build`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cp "$root/package.json" "$root/package-lock.json" "$work/"
(cd "$work" && npm ci --omit=dev --no-audit --no-fund --loglevel=error)
cp -r "$root/dist" "$root/infra" "$root/samples" "$work/"

cd "$work"
NODE_ENV=production SOULPRINT_DATA_DIR="$work/data/db" \
  node dist/job/main.js import samples/sample-export.zip --json > summary.json
node -e '
  const s = JSON.parse(require("fs").readFileSync("summary.json", "utf8"));
  if (s.status !== "complete" || s.conversations < 1 || s.chunks.micro < 1) {
    console.error("image steps: unexpected import summary", s);
    process.exit(1);
  }
  console.log(`image steps ok: ${s.conversations} conversations, ${s.chunks.micro + s.chunks.medium + s.chunks.macro} chunks, ${s.facts} facts, profile ${s.profile.aiName}`);
'

# The dispatcher from the same files: it starts on the embedded database and answers /readyz.
port=$(node -e 'const s=require("net").createServer().listen(0,()=>{console.log(s.address().port);s.close()})')
NODE_ENV=production SOULPRINT_DATA_DIR="$work/data/db" PORT="$port" HOST=127.0.0.1 \
  SERVICE_TOKEN=image-steps-check-token-0123456789abcdef LOG_LEVEL=warn \
  node dist/dispatcher/main.js > dispatcher.log 2>&1 &
dispatcher=$!
node -e '
  const url = `http://127.0.0.1:${process.argv[1]}/readyz`;
  const deadline = Date.now() + 60_000;
  (async () => {
    for (;;) {
      try {
        const res = await fetch(url);
        if (res.ok) return console.log(`image steps ok: dispatcher ready (${res.status})`);
      } catch {}
      if (Date.now() > deadline) { console.error("image steps: the dispatcher never became ready"); process.exit(1); }
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
' "$port" || { cat dispatcher.log; kill "$dispatcher"; exit 1; }
kill -TERM "$dispatcher"
wait "$dispatcher" || { echo "image steps: the dispatcher exited $? on SIGTERM"; cat dispatcher.log; exit 1; }
