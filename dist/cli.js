#!/usr/bin/env node
// The `kilo-agent` bin: the CLI's one side effect. Commands live in src/cli/main.ts.
import { main } from './kilo.js';
process.exitCode = await main(process.argv.slice(2));
//# sourceMappingURL=cli.js.map