/** Escapes untrusted text for Markdown tables: no HTML, no @-mentions, no table breaks. */
export function escapeMarkdown(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/@(?=[A-Za-z0-9-])/g, '@\u200b')
    .replace(/\r?\n/g, '<br>');
}

export function code(s: string): string {
  return `\`${s.replace(/`/g, "'")}\``;
}
