# posture-graph as a container. Not built in this repository's CI (its machines have no Docker
# engine); README "Running in a container" says how to build and run it.
#
# Stage 1 compiles TypeScript with the dev dependencies; stage 2 installs production dependencies
# only; the final image holds those and dist/, and runs as the image's unprivileged `node` user.

FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# The bundled GraphiQL (GRAPHQL_EXPLORER=graphiql) is built into dist/explorer by the same step.
COPY explorer ./explorer
RUN npm run build

FROM node:24-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:24-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000 \
    DATA_DIR=/var/lib/posture-graph
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# The embedded store (cache and OPSWAT budget) outlives the container on this volume; with
# REDIS_URL set it stays empty. The start-up check names DATA_DIR if the volume is not writable
# by uid 1000 (`node`).
RUN mkdir -p /var/lib/posture-graph && chown node:node /var/lib/posture-graph
VOLUME ["/var/lib/posture-graph"]
USER node
EXPOSE 4000
HEALTHCHECK --interval=30s --timeout=3s \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The heap flags of src/server/node-flags.ts (a test keeps them in step). SIGTERM goes straight
# to node (exec form, no shell), which drains for SHUTDOWN_TIMEOUT_MS: give the container a
# longer stop timeout than that (docker stop -t, terminationGracePeriodSeconds).
CMD ["node", "--enable-source-maps", "--max-semi-space-size=8", "--max-old-space-size=512", "dist/main.js"]
