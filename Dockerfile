# syntax=docker/dockerfile:1
#
# Plateau container images (see docs/deployment.md). Three stages build, two images run:
#
#   deps    npm ci (dev dependencies included: they are needed to build)
#   build   `next build` with standalone output + esbuild bundles of the Node entry points
#   app     runtime: the Next.js standalone server (+ Chromium for PDF exports)  (service `app`)
#   worker  runtime: self-contained bundles, no node_modules   (services `ingest`, `migrate`, `demo`)
#           node worker.mjs | node migrate.mjs | node worker-health.mjs | node simulate.mjs
#   migrate = the worker image with `node migrate.mjs` as its command
#
#   docker build --target app    -t plateau-app .
#   docker build --target worker -t plateau-worker .
#
# Server mode only: the runtime images always talk to a ClickHouse server (CLICKHOUSE_URL).
# The embedded engine (npm `chdb` + `@chdb/lib-linux-x64-gnu`, a ~540 MB native library) is
# left out of both runtime images: lib/clickhouse.ts loads it lazily, only when CLICKHOUSE_URL is
# unset, so in server mode it is never touched. It is still downloaded in the deps stage
# (`npm ci` installs optional dependencies, and Next.js' own native compilers are optional
# dependencies too), but nothing from it reaches a runtime stage.
#
# Secrets never go into an image: everything sensitive comes from the environment at run time.

ARG NODE_VERSION=22

FROM node:${NODE_VERSION}-bookworm-slim AS base
ENV NEXT_TELEMETRY_DISABLED=1
WORKDIR /app

# ---------------------------------------------------------------------------- deps
FROM base AS deps
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --no-audit --no-fund

# ---------------------------------------------------------------------------- build
FROM deps AS build
COPY . .
# NEXT_OUTPUT=standalone switches next.config.js to `output: 'standalone'`: .next/standalone is
# a minimal server.js + the node_modules files the server actually traces.
RUN NEXT_OUTPUT=standalone npx next build \
 && node deploy/bundle.mjs --outdir /app/dist

# Assemble what each runtime image gets, in /out.
# Both get the files read at run time from the working directory (not traced by Next.js):
#   clickhouse/ (migrations), config/ (PLATEAU_CONFIG, PLATEAU_BOARDS defaults), scenarios/
#   (the simulator behind the demo traffic).
# app: server.js, its traced node_modules, the build, static assets. Not the
#   embedded engine (server mode only; `.next/node_modules/chdb-<hash>` is Turbopack's link to
#   it), not the TypeScript compiler (traced for next.config.ts support, unused at run time),
#   not the project sources the file tracer sweeps into .next/standalone. playwright-core (PDF
#   exports) is copied whole: the tracer misses files it reads at run time (browsers.json).
# worker: the bundles (no node_modules at all).
# The last line fails the build if any part of the native engine slipped through.
RUN mkdir -p /out/app /out/worker \
 && cd /app/.next/standalone \
 && cp -a server.js package.json node_modules .next /out/app/ \
 && rm -rf /out/app/node_modules/chdb /out/app/node_modules/@chdb /out/app/.next/node_modules/chdb-* \
           /out/app/node_modules/typescript \
 && if [ -d /out/app/node_modules/playwright-core ]; then \
      rm -rf /out/app/node_modules/playwright-core && cp -a /app/node_modules/playwright-core /out/app/node_modules/; \
    fi \
 && cp -a /app/.next/static /out/app/.next/static \
 && if [ -d /app/public ]; then cp -a /app/public /out/app/public; fi \
 && cp -a /app/dist/*.mjs /out/worker/ \
 && for d in clickhouse config scenarios; do \
      if [ -d "/app/$d" ]; then cp -a "/app/$d" /out/app/ && cp -a "/app/$d" /out/worker/; fi; \
    done \
 && test -z "$(find /out -name 'libchdb*' -o -name 'chdb_node*' -o -name '@chdb')"

# ---------------------------------------------------------------------------- app
FROM node:${NODE_VERSION}-bookworm-slim AS app
# PDF exports (lib/export/pdf.ts) print the app's own pages with headless Chromium: Debian's
# chromium + fonts, ~400 MB of the image. --build-arg PDF_EXPORT=0 leaves them out (PDF
# exports then answer with an error; CSV/XLSX exports are unaffected).
ARG PDF_EXPORT=1
RUN if [ "$PDF_EXPORT" = "1" ]; then \
      apt-get update \
      && apt-get install -y --no-install-recommends chromium fonts-liberation fonts-dejavu-core \
      && rm -rf /var/lib/apt/lists/*; \
    fi
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    PLATEAU_DATA_DIR=/app/data
WORKDIR /app
# Code owned by root (read-only for the app); only the data dir and Next's cache are writable.
COPY --from=build /out/app ./
RUN mkdir -p /app/data /app/.next/cache \
 && chown -R node:node /app/data /app/.next/cache
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=10s --start-period=40s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "server.js"]

# ---------------------------------------------------------------------------- worker
FROM node:${NODE_VERSION}-bookworm-slim AS worker
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /out/worker ./
USER node
CMD ["node", "worker.mjs"]

# ---------------------------------------------------------------------------- migrate
FROM worker AS migrate
CMD ["node", "migrate.mjs"]
