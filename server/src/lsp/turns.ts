// Analyses are synchronous and take tens of milliseconds: they take turns, one per pass of the event loop, so that
// hovers, code actions and keystrokes read from the client in between. Edits go before the workspace scan.

export class Turns {
  private busy = false;
  private readonly urgent: (() => void)[] = [];
  private readonly normal: (() => void)[] = [];

  /** Waits for a turn; call the returned function when the synchronous work is done. */
  take(urgent: boolean): Promise<() => void> {
    return new Promise((resolve) => {
      const go = () => {
        this.busy = true;
        let released = false;
        resolve(() => {
          if (released) return;
          released = true;
          this.busy = false;
          // The next turn after a poll of the event loop and the dispatch that follows it (vscode-jsonrpc hands messages
          // on with setImmediate): what the client sent meanwhile is answered first. A timer comes after both.
          setTimeout(() => this.next(), 1);
        });
      };
      (urgent ? this.urgent : this.normal).push(go);
      if (!this.busy) this.next();
    });
  }

  private next(): void {
    if (this.busy) return;
    const go = this.urgent.shift() ?? this.normal.shift();
    go?.();
  }
}
