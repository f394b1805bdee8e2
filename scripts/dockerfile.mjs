// Reads the Dockerfile into its stages and instructions, so that `.ci/docker-steps.mjs` replays the
// image's own steps (and test/unit/dockerfile.test.ts checks what they promise) instead of a copy
// that could drift from it. Only the forms this Dockerfile uses: ARG, FROM ... AS, WORKDIR, COPY
// [--from=stage], RUN (shell form), ENV k=v..., USER, EXPOSE, HEALTHCHECK [options] CMD [json],
// ENTRYPOINT [json]; anything else is an error that names the line.
import { readFileSync } from 'node:fs';

/** The Dockerfile's logical lines: comments and blanks dropped, `\` continuations joined. */
function logicalLines(text) {
  const lines = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) continue;
    if (line.startsWith('#')) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      continue;
    }
    lines.push(pending + line);
    pending = '';
  }
  if (pending !== '') lines.push(pending.trim());
  return lines;
}

/** `k=v k2="v 2"` pairs, as ENV and ARG write them. */
function pairs(text) {
  const out = {};
  for (const m of text.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|\S*)/g)) out[m[1]] = m[3] ?? m[2];
  return out;
}

/** Replaces `${NAME}` with the build arguments' values. */
const expand = (text, args) => text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name) => args[name] ?? '');

/**
 * The Dockerfile's build arguments (with their defaults) and its stages in order, each with its base
 * image, WORKDIR, COPY and RUN steps, ENV, USER, HEALTHCHECK and ENTRYPOINT.
 */
export function parseDockerfile(text) {
  const args = {};
  const stages = [];
  let stage;
  for (const line of logicalLines(text)) {
    const [, instruction, rest = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const word = instruction.toUpperCase();
    if (word === 'ARG') {
      Object.assign(args, pairs(rest));
      continue;
    }
    if (word === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(rest);
      if (!m) throw new Error(`Dockerfile: cannot read "${line}"`);
      stage = { name: m[2] ?? String(stages.length), image: expand(m[1], args), workdir: '/', copies: [], runs: [], env: {}, user: 'root', expose: [], healthcheck: undefined, entrypoint: undefined };
      stages.push(stage);
      continue;
    }
    if (!stage) throw new Error(`Dockerfile: "${line}" comes before any FROM`);
    if (word === 'WORKDIR') stage.workdir = rest;
    else if (word === 'COPY') {
      const parts = rest.split(/\s+/);
      const from = parts[0]?.startsWith('--from=') ? parts.shift().slice('--from='.length) : undefined;
      stage.copies.push({ from, sources: parts.slice(0, -1), dest: parts.at(-1) });
    } else if (word === 'RUN') stage.runs.push(rest);
    else if (word === 'ENV') Object.assign(stage.env, pairs(rest));
    else if (word === 'USER') stage.user = rest;
    else if (word === 'EXPOSE') stage.expose.push(...rest.split(/\s+/).map(Number));
    else if (word === 'HEALTHCHECK') {
      const m = /^(.*?)\bCMD\s+(\[.*\])$/.exec(rest);
      if (!m) throw new Error(`Dockerfile: HEALTHCHECK must be the exec form (CMD ["..."]): "${line}"`);
      stage.healthcheck = { options: m[1].trim(), cmd: JSON.parse(m[2]) };
    } else if (word === 'ENTRYPOINT') stage.entrypoint = JSON.parse(rest);
    else throw new Error(`Dockerfile: ${word} is not an instruction scripts/dockerfile.mjs reads: teach it, so that .ci/docker-steps.mjs replays it`);
  }
  return { args, stages };
}

/** The repository's Dockerfile, parsed. */
export function readDockerfile(path = new URL('../Dockerfile', import.meta.url)) {
  return parseDockerfile(readFileSync(path, 'utf8'));
}
