// Runs the `shinchoku` command with the process arguments.
import { main } from './cli.js';

process.exitCode = await main(process.argv.slice(2));
