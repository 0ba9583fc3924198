// Git's empty tree: the base of a whole-repository review (every tracked line counts as added).

/** The empty tree's id under sha1 and sha256: a base no file exists at. */
const EMPTY_TREES = new Set([
  '4b825dc642cb6eb9a060e54bf8d69288fbee4904',
  '6ef19b41225c5369f1c104d45d8d85efa9b057b53b14b4b9b939dd74decc5321',
]);

export function isEmptyTree(sha: string): boolean {
  return EMPTY_TREES.has(sha);
}
