#!/usr/bin/env node
// The `adoption-tracker` command. The product is TypeScript run through tsx (no build step to forget).
import { register } from 'tsx/esm/api';

register();
await import('./cli.ts');
