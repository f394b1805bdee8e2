// Reads the Dockerfile into its stages and instructions, so that `.ci/docker-steps.mjs` replays the
// image's own steps (and test/unit/dockerfile.test.ts checks what they promise) instead of a copy
// that could drift from it. The instructions this Dockerfile uses: ARG, FROM ... AS, WORKDIR, COPY
// [--from=stage], RUN, ENV, USER, EXPOSE, HEALTHCHECK [options] CMD [json], ENTRYPOINT [json];
// anything else is an error that names the line.
import { readFileSync } from 'node:fs';
import { DockerfileParser } from 'dockerfile-ast';

/** Replaces `${NAME}` with the build arguments' values. */
const expand = (text, args) => text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name) => args[name] ?? '');

/** An instruction's words, unescaped, continuations joined (dockerfile-ast's reading). */
const words = (instruction) => instruction.getArguments().map((a) => a.getValue());

/** An exec-form array's strings (ENTRYPOINT, HEALTHCHECK CMD). */
const jsonStrings = (instruction) => instruction.getJSONStrings().map((j) => j.getJSONValue());

/**
 * The Dockerfile's build arguments (with their defaults) and its stages in order, each with its base
 * image, WORKDIR, COPY and RUN steps, ENV, USER, HEALTHCHECK and ENTRYPOINT. dockerfile-ast (the
 * parser of the Docker language service) reads the syntax: continuations, quotes, flags, exec forms.
 */
export function parseDockerfile(text) {
  const args = {};
  const stages = [];
  let stage;
  for (const instruction of DockerfileParser.parse(text).getInstructions()) {
    const word = instruction.getKeyword();
    const line = instruction.getRange().start.line + 1;
    if (word === 'ARG') {
      const property = instruction.getProperty();
      if (property) args[property.getName()] = property.getValue() ?? '';
      continue;
    }
    if (word === 'FROM') {
      stage = { name: instruction.getBuildStage() ?? String(stages.length), image: expand(instruction.getImage() ?? '', args), workdir: '/', copies: [], runs: [], env: {}, user: 'root', expose: [], healthcheck: undefined, entrypoint: undefined };
      stages.push(stage);
      continue;
    }
    if (!stage) throw new Error(`Dockerfile line ${line}: ${word} comes before any FROM`);
    if (word === 'WORKDIR') stage.workdir = words(instruction).join(' ');
    else if (word === 'COPY') {
      const parts = words(instruction);
      stage.copies.push({ from: instruction.getFromFlag()?.getValue() ?? undefined, sources: parts.slice(0, -1), dest: parts.at(-1) });
    } else if (word === 'RUN') stage.runs.push(words(instruction).join(' '));
    else if (word === 'ENV') for (const p of instruction.getProperties()) stage.env[p.getName()] = p.getValue() ?? '';
    else if (word === 'USER') stage.user = words(instruction).join(' ');
    else if (word === 'EXPOSE') stage.expose.push(...words(instruction).map(Number));
    else if (word === 'HEALTHCHECK') {
      // dockerfile-ast reads HEALTHCHECK's flags and subcommand but not its exec-form array.
      const exec = /\bCMD\s+(\[.*\])\s*$/s.exec((instruction.getArgumentsContent() ?? '').replace(/\\\r?\n/g, ' '));
      if (instruction.getSubcommand()?.getValue().toUpperCase() !== 'CMD' || !exec) throw new Error(`Dockerfile line ${line}: HEALTHCHECK must be the exec form (CMD ["..."])`);
      stage.healthcheck = { options: instruction.getFlags().map(String).join(' '), cmd: JSON.parse(exec[1]) };
    } else if (word === 'ENTRYPOINT') stage.entrypoint = jsonStrings(instruction);
    else throw new Error(`Dockerfile line ${line}: ${word} is not an instruction scripts/dockerfile.mjs reads: teach it, so that .ci/docker-steps.mjs replays it`);
  }
  return { args, stages };
}

/** The repository's Dockerfile, parsed. */
export function readDockerfile(path = new URL('../Dockerfile', import.meta.url)) {
  return parseDockerfile(readFileSync(path, 'utf8'));
}
