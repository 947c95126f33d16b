// The notification ids already delivered, for de-duplication, with bounded memory.

export class SeenIds {
  /** @type {Set<string>} insertion-ordered: the oldest id is evicted first */
  #ids = new Set();
  #capacity;

  /** @param {number} capacity */
  constructor(capacity) {
    this.#capacity = capacity;
  }

  /** @param {string} id */
  has(id) {
    return this.#ids.has(id);
  }

  /**
   * Remembers an id, forgetting the oldest one when full.
   * @param {string} id
   */
  add(id) {
    if (this.#ids.has(id)) return;
    this.#ids.add(id);
    if (this.#ids.size > this.#capacity) {
      const oldest = this.#ids.values().next().value;
      if (oldest !== undefined) this.#ids.delete(oldest);
    }
  }

  /** @returns {string[]} oldest first */
  toArray() {
    return [...this.#ids];
  }

  /** @param {Iterable<string>} ids oldest first */
  load(ids) {
    for (const id of ids) if (typeof id === 'string') this.add(id);
  }

  get size() {
    return this.#ids.size;
  }
}
