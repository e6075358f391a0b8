/** Runs tasks one after another, in the order they were queued; a failed task does not stop it. */
export class SerialQueue {
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;

  run<T>(task: () => Promise<T> | T): Promise<T> {
    this.pending++;
    const result = this.tail.then(task);
    const settle = () => {
      this.pending--;
    };
    this.tail = result.then(settle, settle);
    return result;
  }

  /** True when no task is queued or running. */
  get idle(): boolean {
    return this.pending === 0;
  }
}
