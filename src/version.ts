// Kept in step with package.json by a unit test (no JSON import at run time: keeps start-up lean).
export const VERSION = '0.1.0';
