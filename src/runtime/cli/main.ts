#!/usr/bin/env node
import { runCli } from './program.js';
import { applyGcPolicy, capYoungGeneration } from '../gc-policy.js';

applyGcPolicy();
capYoungGeneration();
await runCli(process.argv);
