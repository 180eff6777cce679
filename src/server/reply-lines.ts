/**
 * Reply lines gathered for one write. A session's lines are ASCII (QEMU's
 * writer escapes every other character, and recorded replies come from that
 * writer), so a character is a byte: the lines are copied into one buffer
 * as Latin-1, each as it is, rather than joined into one string that is
 * flattened and then run through the UTF-8 encoder (a third of the CPU of
 * a server answering 10 KB replies).
 */
export class ReplyLines {
  private lines: string[] = [];
  /** Bytes gathered. */
  length = 0;

  add(lines: readonly string[]): void {
    for (const line of lines) {
      this.lines.push(line);
      this.length += line.length;
    }
  }

  /** The lines gathered, as one buffer (undefined when none), and none gathered any more. */
  take(): Buffer | undefined {
    if (this.length === 0) return undefined;
    const bytes = Buffer.allocUnsafe(this.length);
    let at = 0;
    for (const line of this.lines) at += bytes.write(line, at, 'latin1');
    this.clear();
    return bytes;
  }

  clear(): void {
    this.lines = [];
    this.length = 0;
  }
}
