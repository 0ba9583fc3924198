// The baseline of big-pr-cli.bench.mjs, run as its own process: `git diff base head` piped into
// parse-diff, the least a review of the range must do (spawn git, read the diff, parse it).
//   node git-diff-parse-child.mjs <repo>
// Prints the number of files parsed.
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import parseDiff from 'parse-diff';

const [repo] = process.argv.slice(2);
const git = spawn('git', ['diff', 'base', 'HEAD'], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
const chunks = [];
git.stdout.on('data', (chunk) => chunks.push(chunk));
const code = await new Promise((resolve) => git.once('close', resolve));
if (code !== 0) throw new Error(`git diff exited ${code}`);
process.stdout.write(`${parseDiff(Buffer.concat(chunks).toString('utf8')).length}\n`);
