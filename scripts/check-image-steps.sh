#!/usr/bin/env bash
# Proves the Dockerfile's steps outside Docker (CI has no Docker engine): a fresh folder holding
# only what the image copies, a production-only install, the built dist/, and an import of the
# bundled sample as the image's entrypoint would run it. Run after `npm run build`.
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
