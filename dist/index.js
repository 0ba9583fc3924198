// The action's entry point: the one module with a side effect.
import { run } from './kilo.js';
void run();
//# sourceMappingURL=index.js.map