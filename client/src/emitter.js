// A minimal typed event emitter that works the same in browsers and Node.

/** Reports a listener's exception without breaking the client, as DOM EventTarget does. */
const report = typeof globalThis.reportError === 'function'
  ? (/** @type {unknown} */ error) => globalThis.reportError(error)
  : (/** @type {unknown} */ error) => { setTimeout(() => { throw error; }, 0); };

export class Emitter {
  /** @type {Map<string, Set<(...args: any[]) => void>>} */
  #listeners = new Map();

  /**
   * Adds a listener.
   * @param {string} type
   * @param {(...args: any[]) => void} listener
   * @returns {() => void} a function that removes the listener
   */
  on(type, listener) {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    let set = this.#listeners.get(type);
    if (!set) this.#listeners.set(type, (set = new Set()));
    set.add(listener);
    return () => this.off(type, listener);
  }

  /**
   * Adds a listener that runs at most once.
   * @param {string} type
   * @param {(...args: any[]) => void} listener
   * @returns {() => void}
   */
  once(type, listener) {
    const off = this.on(type, (...args) => {
      off();
      listener(...args);
    });
    return off;
  }

  /**
   * Removes a listener.
   * @param {string} type
   * @param {(...args: any[]) => void} listener
   */
  off(type, listener) {
    this.#listeners.get(type)?.delete(listener);
  }

  /**
   * Calls the listeners of `type`; an exception in one is reported and does not stop the others.
   * @param {string} type
   * @param {...any} args
   * @returns {boolean} whether anyone listened
   */
  emit(type, ...args) {
    const set = this.#listeners.get(type);
    if (!set || set.size === 0) return false;
    for (const listener of [...set]) {
      try {
        listener(...args);
      } catch (error) {
        report(error);
      }
    }
    return true;
  }
}
