/** One COPY: from the build context, or from an earlier stage (`--from=`). */
export interface DockerCopy {
  from: string | undefined;
  sources: string[];
  dest: string;
}

/** One stage of the Dockerfile, in the order its instructions set it up. */
export interface DockerStage {
  name: string;
  image: string;
  workdir: string;
  copies: DockerCopy[];
  runs: string[];
  env: Record<string, string>;
  user: string;
  expose: number[];
  healthcheck: { options: string; cmd: string[] } | undefined;
  entrypoint: string[] | undefined;
}

/** The build arguments (with their defaults) and the stages in order. */
export interface Dockerfile {
  args: Record<string, string>;
  stages: DockerStage[];
}

/** Parses the forms this Dockerfile uses; any other instruction is an error that names the line. */
export function parseDockerfile(text: string): Dockerfile;
/** The repository's Dockerfile, parsed. */
export function readDockerfile(path?: string | URL): Dockerfile;
