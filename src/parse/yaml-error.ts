/**
 * The text of a YAML library error as cpumodel shows it: its first line,
 * lower case; the library's "maximum call stack size exceeded" (how it
 * reports nesting deeper than it can recurse) said as what it means.
 */
export function yamlErrorText(e: { message: string }): string {
  const first = e.message.split('\n')[0]!.toLowerCase();
  return /maximum call stack size exceeded/.test(first) ? 'the YAML nests too deeply to be read (thousands of levels)' : first;
}

/** The hint of a YAML syntax diagnostic. */
export const YAML_SYNTAX_HELP = 'fix the YAML here; the rest of the file is not read until it parses';
