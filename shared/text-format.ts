// How a JSON(C) text is indented, so inserted entries look like their neighbours (jsonc-parser's
// FormattingOptions shape; shared has no packages but zod, so the type is spelled out here).
export interface TextFormatting {
  insertSpaces: boolean;
  tabSize: number;
  eol: string;
}

export function detectFormatting(text: string): TextFormatting {
  const m = /\n([ \t]+)\S/.exec(text);
  const indent = m?.[1] ?? '  ';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return indent.startsWith('\t')
    ? { insertSpaces: false, tabSize: 1, eol }
    : { insertSpaces: true, tabSize: Math.max(1, Math.min(indent.length, 8)), eol };
}
