/**
 * Fixed cost of a file in bytes-equivalent (read, parse set-up, fact objects), so many tiny files
 * weigh more than their bytes alone.
 */
const PER_FILE_BYTES = 2048;

/**
 * Assigns files to workers deterministically: in path order, each file goes to the worker with
 * the least weight so far (ties to the lower index). Same sizes and worker count, same
 * assignment, so a run never depends on timing; shards end within one file's weight of each other.
 */
export function shardBySize(sizes: readonly number[], workers: number): number[] {
  const load = new Array<number>(workers).fill(0);
  return sizes.map((size) => {
    let best = 0;
    for (let w = 1; w < workers; w++) if (load[w] < load[best]) best = w;
    load[best] += size + PER_FILE_BYTES;
    return best;
  });
}
