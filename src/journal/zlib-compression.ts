import { deflateRaw, inflateRawSync } from 'node:zlib';
import type { SlabCompression } from './body-arena.js';

/** The server's journal slabs deflated on libuv's thread pool (level 1: fast, JSON still shrinks about tenfold). */
export const zlibSlabCompression: SlabCompression = {
  deflate: (bytes, done) => deflateRaw(bytes, { level: 1 }, done),
  inflate: (packed) => inflateRawSync(packed),
};
