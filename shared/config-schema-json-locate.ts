// Finds where and why JSON text is invalid. JSON.parse's messages differ between engines
// and often carry no position (V8: `Unexpected token 'b', "..." is not valid JSON`, echoing
// the whole text), so after a failed parse we scan once more to name the exact spot.

class JsonSyntaxError {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {}
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

/** The first syntax error in `text`, or null if it is valid JSON. */
export function locateJsonError(text: string): { offset: number; reason: string } | null {
  const scanner = new Scanner(text);
  try {
    scanner.document();
    return null;
  } catch (err) {
    if (err instanceof JsonSyntaxError) return { offset: err.offset, reason: err.reason };
    throw err;
  }
}

class Scanner {
  private i = 0;
  constructor(private readonly s: string) {}

  document(): void {
    this.ws();
    this.value();
    this.ws();
    if (this.i < this.s.length) this.fail('unexpected text after the end of the JSON value');
  }

  private fail(reason: string, at = this.i): never {
    throw new JsonSyntaxError(at, reason);
  }

  private unexpected(what: string): never {
    if (this.i >= this.s.length) this.fail(`unexpected end of file; expected ${what}`);
    this.fail(`unexpected ${JSON.stringify(this.s[this.i])}; expected ${what}`);
  }

  private ws(): void {
    while (this.i < this.s.length && ' \t\n\r'.includes(this.s[this.i])) this.i++;
  }

  private value(): void {
    const c = this.s[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    for (const word of ['true', 'false', 'null']) {
      if (this.s.startsWith(word, this.i)) {
        this.i += word.length;
        return;
      }
    }
    this.unexpected('a value (string, number, object, array, true, false or null)');
  }

  private object(): void {
    this.i++;
    this.ws();
    if (this.s[this.i] === '}') return void this.i++;
    for (;;) {
      if (this.s[this.i] !== '"') this.unexpected('a property name in double quotes');
      this.string();
      this.ws();
      if (this.s[this.i] !== ':') this.unexpected('":" after the property name');
      this.i++;
      this.ws();
      this.value();
      this.ws();
      if (this.s[this.i] === '}') return void this.i++;
      if (this.s[this.i] !== ',') this.unexpected('"," or "}" after a property value');
      this.i++;
      this.ws();
    }
  }

  private array(): void {
    this.i++;
    this.ws();
    if (this.s[this.i] === ']') return void this.i++;
    for (;;) {
      this.value();
      this.ws();
      if (this.s[this.i] === ']') return void this.i++;
      if (this.s[this.i] !== ',') this.unexpected('"," or "]" after an array item');
      this.i++;
      this.ws();
    }
  }

  private string(): void {
    const start = this.i++;
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      if (c === '"') return void this.i++;
      if (c === '\n' || c === '\r') break;
      if (c < ' ') this.fail('control character inside a string; write it as an escape like \\t');
      if (c === '\\') this.escape();
      else this.i++;
    }
    this.fail('unterminated string (missing closing ")', start);
  }

  private escape(): void {
    const next = this.s[this.i + 1];
    if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(this.s.slice(this.i + 2, this.i + 6))) this.i += 6;
    else if (next !== undefined && ESCAPES.has(next)) this.i += 2;
    else this.fail('invalid escape in string (a Windows path needs "\\\\" for each backslash)');
  }

  private number(): void {
    NUMBER.lastIndex = this.i;
    const m = NUMBER.exec(this.s);
    if (!m) this.unexpected('a number');
    this.i += m[0].length;
  }
}
