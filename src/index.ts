// The action's entry point: the one module with a side effect.
import { run } from './main.js';

void run();
