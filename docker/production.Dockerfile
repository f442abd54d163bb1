# syntax=docker/dockerfile:1
#
# Production image of the call billing service. Build from the repository root:
#   docker build -f docker/production.Dockerfile -t call-billing-service .
# It runs docker/web_entrypoint.sh: wait for the database (DB_HOST), apply migrations, start.
# Only the files the build needs are copied, so the host's node_modules/ and dist/ never leak in.
# Node.js 24, the active LTS (20 reached its end of life in April 2026; CI runs the suite on both).

ARG NODE_VERSION=24

FROM node:${NODE_VERSION}-bookworm-slim AS base
WORKDIR /app
ENV npm_config_update_notifier=false \
    SCARF_ANALYTICS=false \
    npm_config_fund=false \
    npm_config_audit=false

# better-sqlite3 (the embedded SQLite default) is a native module: when no prebuilt binary
# matches, its install script compiles it with node-gyp.
FROM base AS toolchain
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*

# All dependencies, then the compiled app (dist/ and the migrations CLI config in dist/cli/).
FROM toolchain AS build
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json tsconfig.cli.json nest-cli.json ormconfig.ts ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build

# Production dependencies only, compiled here so the runtime image needs no toolchain.
FROM toolchain AS prod-deps
COPY package.json package-lock.json ./
RUN npm ci --omit=dev \
 && npm cache clean --force

FROM base AS runtime
# HOST: a container is reached through its network interface, never its loopback.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8000
COPY --chown=node:node package.json package-lock.json ./
COPY --from=prod-deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node docker/web_entrypoint.sh ./docker/web_entrypoint.sh
# data/ holds the SQLite file when no DB_HOST is given; mount a volume there to keep it.
RUN mkdir -p data && chown node:node data
USER node
EXPOSE 8000
# Ready when /health answers 200, i.e. the database answers too (not merely the process).
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Run through sh so the entrypoint works whatever file mode the build context gave it.
ENTRYPOINT ["/bin/sh", "docker/web_entrypoint.sh"]
