# syntax=docker/dockerfile:1
# aliyun-living-mock: build with the same steps as the README (npm ci, which builds through
# `prepare`), then run on a slim image without dev dependencies, as the unprivileged `node` user.
# 24 is an LTS line that better-sqlite3 12 (the --state-file store) supports.
ARG NODE_VERSION=24

FROM node:${NODE_VERSION}-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY fixtures ./fixtures
COPY ui ./ui
# The build bundles the CLI into dist/cli.js (scripts/bundle-cli.mjs says why) and writes the
# package @aliyun-living-mock/msw beside it (scripts/build-msw-package.mjs), which the image leaves out.
COPY scripts ./scripts
COPY packages/msw/package.json ./packages/msw/
RUN npm ci && npm run build && npm prune --omit=dev --ignore-scripts

FROM node:${NODE_VERSION}-slim AS runtime
ENV NODE_ENV=production \
    ALIYUN_MOCK_HOST=0.0.0.0 \
    ALIYUN_MOCK_PORT=8080 \
    ALIYUN_MOCK_LOG_FORMAT=json
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/fixtures ./fixtures
COPY --from=build /app/ui ./ui
USER node
EXPOSE 8080
# Healthy once the control plane answers on the configured port (node's own fetch: no curl in
# slim), sending the admin token when one is set; a 401 (a token made up at start) answers too.
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "const t=process.env.ALIYUN_MOCK_ADMIN_TOKEN;fetch('http://127.0.0.1:'+(process.env.ALIYUN_MOCK_PORT||8080)+'/__admin/health',{headers:t?{'x-admin-token':t}:{}}).then(r=>process.exit(r.ok||r.status===401?0:1),()=>process.exit(1))"]
# Options after the image name are passed to the CLI: docker run IMAGE --seed 7
ENTRYPOINT ["node", "--enable-source-maps", "dist/cli.js"]
