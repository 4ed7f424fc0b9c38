/** A one-line progress bar on stderr (redrawn at most ten times a second); plain lines when stderr is not a terminal. */
export class Progress {
  private total = 0;
  private done = 0;
  private label = '';
  private last = 0;
  private readonly started = performance.now();

  constructor(private readonly enabled: boolean, private readonly tty = process.stderr.isTTY === true) {}

  /** Starts a counted stage (total > 0) or a stage of unknown length (total = 0). */
  stage(label: string, total = 0): void {
    this.label = label;
    this.total = total;
    this.done = 0;
    if (!this.tty && this.enabled) process.stderr.write(`${this.elapsed()} ${label}${total ? ` (${total.toLocaleString('en-US')})` : ''}\n`);
    this.draw(true);
  }

  /** Sets the count of the current stage. */
  update(done: number, label?: string): void {
    this.done = done;
    if (label !== undefined) this.label = label;
    this.draw(false);
  }

  finish(line: string): void {
    if (!this.enabled) return;
    if (this.tty) process.stderr.write('\r\x1b[2K');
    process.stderr.write(`${line}\n`);
  }

  private elapsed(): string {
    return `${((performance.now() - this.started) / 1000).toFixed(1).padStart(6)} s`;
  }

  private draw(force: boolean): void {
    if (!this.enabled || !this.tty) return;
    const now = performance.now();
    if (!force && now - this.last < 100) return;
    this.last = now;
    const width = 30;
    const share = this.total > 0 ? Math.min(1, this.done / this.total) : 0;
    const bar = this.total > 0 ? `[${'█'.repeat(Math.round(share * width)).padEnd(width, '░')}] ${(share * 100).toFixed(0).padStart(3)}%` : '[working…]';
    const count = this.total > 0 ? ` ${this.done.toLocaleString('en-US')}/${this.total.toLocaleString('en-US')}` : '';
    process.stderr.write(`\r\x1b[2K${bar} ${this.label}${count} · ${this.elapsed().trim()}`);
  }
}
