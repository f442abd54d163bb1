# syntax=docker/dockerfile:1
#
# Development image: all dependencies, the sources, the tests, and `nest start --watch`.
#   docker build -f docker/local.Dockerfile -t call-billing-service:dev .
#   docker run --rm -p 8000:8000 -v "$PWD/src:/app/src" call-billing-service:dev
# With no DB_HOST it runs on the embedded SQLite file data/call-billing.sqlite; with DB_HOST it
# waits for that database. Either way the migrations are applied first (docker/web_entrypoint.sh).
# Run the tests in it with: docker run --rm call-billing-service:dev npm test

ARG NODE_VERSION=24

FROM node:${NODE_VERSION}-bookworm-slim
# better-sqlite3 is a native module: node-gyp needs python3, make and g++ to compile it.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV npm_config_update_notifier=false \
    SCARF_ANALYTICS=false \
    npm_config_fund=false \
    npm_config_audit=false \
    HOST=0.0.0.0 \
    PORT=8000

COPY package.json package-lock.json ./
RUN npm ci

# Copied one by one (not `COPY . .`) so the host's node_modules/ and dist/ never replace the
# image's own.
COPY tsconfig.json tsconfig.build.json tsconfig.cli.json nest-cli.json ormconfig.ts \
     jest.config.js eslint.config.js .prettierrc .env.example ./
COPY src ./src
COPY migrations ./migrations
COPY test ./test
COPY docker ./docker

EXPOSE 8000
# Build once so the migrations CLI config exists, migrate, then hand over to the watcher.
CMD ["sh", "-c", "npm run build && exec sh docker/web_entrypoint.sh npm run start:dev"]
