// Enough of RFC 6570 for the UI's resource-template form: the variable names of a template and its
// expansion with string values (every operator; prefix and explode modifiers are read but ignored,
// since each variable here is one string). The gateway routes the expanded URI as any other.

const EXPRESSION = /\{([+#./;?&]?)([^}]*)\}/g;

interface Operator {
  first: string;
  sep: string;
  named: boolean;
  /** '+' and '#' keep reserved characters such as '/'. */
  reserved: boolean;
}

const OPERATORS: Record<string, Operator> = {
  '': { first: '', sep: ',', named: false, reserved: false },
  '+': { first: '', sep: ',', named: false, reserved: true },
  '#': { first: '#', sep: ',', named: false, reserved: true },
  '.': { first: '.', sep: '.', named: false, reserved: false },
  '/': { first: '/', sep: '/', named: false, reserved: false },
  ';': { first: ';', sep: ';', named: true, reserved: false },
  '?': { first: '?', sep: '&', named: true, reserved: false },
  '&': { first: '&', sep: '&', named: true, reserved: false },
};

function names(list: string): string[] {
  return list
    .split(',')
    .map((v) => v.trim().replace(/(:\d+|\*)$/, ''))
    .filter(Boolean);
}

/** The template's variable names, in order, each once. */
export function templateVariables(template: string): string[] {
  const out: string[] = [];
  for (const m of template.matchAll(EXPRESSION)) for (const n of names(m[2])) if (!out.includes(n)) out.push(n);
  return out;
}

function encode(value: string, reserved: boolean): string {
  // encodeURI keeps reserved characters but also '%'-escapes, which is what '+' and '#' want.
  return reserved
    ? encodeURI(value)
    : encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Expands the template; a variable that is missing or empty-undefined is left out, as RFC 6570 says. */
export function expandTemplate(template: string, values: Record<string, string | undefined>): string {
  return template.replace(EXPRESSION, (_all, op: string, list: string) => {
    const o = OPERATORS[op];
    const parts = names(list)
      .filter((n) => values[n] !== undefined)
      .map((n) => {
        const v = encode(values[n]!, o.reserved);
        return o.named ? (v === '' && op === ';' ? n : `${n}=${v}`) : v;
      });
    return parts.length ? o.first + parts.join(o.sep) : '';
  });
}
