# syntax=docker/dockerfile:1
# One image for every Resync service; docker-compose.yml picks the service with `command`:
#   node dist/gateway/main.js | node dist/subgraphs/<tws|knowledge|rag|agents|health>/main.js
#   node dist/simulator/main.js (the HWA simulator, demo profile)
# Multi-stage: TypeScript is compiled with the dev dependencies, the runtime stage gets only the
# production dependencies and the compiled output, and runs as the unprivileged `node` user.
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

# ---- build: compile TypeScript, then place the runtime assets (SDL, corpora, JSON) next to it ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY tsconfig.json tsconfig.build.json ./
COPY core core
COPY gateway gateway
COPY subgraphs subgraphs
COPY simulator simulator
COPY schema schema
COPY stack stack
COPY devservices devservices
COPY scripts scripts
# Services read files next to their modules (schema.graphql, the supergraph, operation documents,
# the bundled runbook corpus, a worker script): copy every non-TypeScript file into dist/.
RUN npx tsc -p tsconfig.build.json \
 && tar -cf - --exclude='*.ts' core gateway subgraphs simulator schema | tar -xf - -C dist

# ---- production dependencies only ----
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error \
 && npm cache clean --force

# ---- runtime ----
FROM ${NODE_IMAGE} AS runtime
LABEL org.opencontainers.image.title="resync" \
      org.opencontainers.image.description="Operations copilot for HCL Workload Automation: GraphQL gateway and subgraphs"
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    DATA_DIR=/data \
    NEO4J_EMBEDDED=false \
    APOLLO_TELEMETRY_DISABLED=true
WORKDIR /app
# Code and dependencies stay owned by root (read-only for the service); only DATA_DIR is writable.
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 4000 4001 4002 4003 4004 4005 31116
CMD ["node", "dist/gateway/main.js"]
