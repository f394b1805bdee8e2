#!/usr/bin/env node
import { runCli } from './cli/program.js';
import { applyGcPolicy } from './gc-policy.js';

applyGcPolicy();
await runCli(process.argv);
