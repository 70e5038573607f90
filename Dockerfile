# One image for both deployables. Its entrypoint is the job CLI (ECS runs `run --job-id <id>`):
#   docker build -t soulprint-import .
#   docker run --rm -v "$PWD/export.zip:/data/export.zip" -v soulprint-data:/data/db \
#     soulprint-import import /data/export.zip
# The dispatcher from the same image:
#   docker run --rm -p 8080:8080 -e SERVICE_TOKEN=... -e DATABASE_URL=... -e LAUNCHER=ecs ... \
#     --entrypoint /usr/bin/tini soulprint-import -- node dist/dispatcher/main.js

# Build: full install (TypeScript), compile to dist/.
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY core core
COPY job job
COPY dispatcher dispatcher
RUN npm run build

# Run: production dependencies and the compiled code only, as a non-root user.
FROM node:20-slim
ENV NODE_ENV=production \
    SOULPRINT_DATA_DIR=/data/db
# tini is PID 1: it forwards SIGTERM to node and reaps children.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /data/db && chown -R node:node /data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist dist
COPY infra infra
COPY samples samples
USER node
ENTRYPOINT ["/usr/bin/tini", "--", "node", "dist/job/main.js"]
CMD ["--help"]
