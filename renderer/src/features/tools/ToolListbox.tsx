// The tool list as one tab stop: a listbox whose active option follows the arrow keys
// (aria-activedescendant), Enter opens the tool's form and moves focus into it. Fifty buttons in a
// row put the form 55 Tabs away (issue 23).
import { useEffect, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { ToolInfo } from '../../../../shared/types.js';
import { focusToolForm } from '../../focus-when-ready.js';

interface Props {
  tools: ToolInfo[];
  selected: string | undefined;
  onSelect(name: string): void;
}

const optionId = (name: string) => `tool-option-${name}`;

export function ToolListbox({ tools, selected, onSelect }: Props) {
  const [active, setActive] = useState<string | undefined>(selected);
  // The active option stays one of the shown tools (the filter may have removed it).
  const current = tools.find((t) => t.name === active) ?? tools.find((t) => t.name === selected) ?? tools[0];
  useEffect(() => {
    if (current) document.getElementById(optionId(current.name))?.scrollIntoView?.({ block: 'nearest' });
  }, [current]);
  const open = (t: ToolInfo | undefined) => {
    if (!t || !t.enabled) return;
    onSelect(t.name);
    focusToolForm();
  };
  const onKey = (e: KeyboardEvent) => {
    const i = current ? tools.indexOf(current) : -1;
    const to = (j: number) => {
      e.preventDefault();
      const t = tools[Math.max(0, Math.min(tools.length - 1, j))];
      if (t) setActive(t.name);
    };
    if (e.key === 'ArrowDown') to(i + 1);
    else if (e.key === 'ArrowUp') to(i - 1);
    else if (e.key === 'Home') to(0);
    else if (e.key === 'End') to(tools.length - 1);
    else if (e.key === 'PageDown') to(i + 10);
    else if (e.key === 'PageUp') to(i - 10);
    else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      open(current);
    }
  };
  return (
    <ul
      className="tool-list"
      data-testid="tool-list"
      role="listbox"
      aria-label="Tools: arrow keys to move, Enter to open"
      tabIndex={tools.length ? 0 : -1}
      aria-activedescendant={current ? optionId(current.name) : undefined}
      onKeyDown={onKey}
    >
      {tools.map((t) => (
        <li
          key={t.name}
          id={optionId(t.name)}
          role="option"
          aria-selected={t.name === selected}
          aria-disabled={!t.enabled || undefined}
          className={['tool-item', t.name === selected ? 'active' : '', t.name === current?.name ? 'focused' : ''].join(' ')}
          data-testid={`tool-item-${t.name}`}
          onClick={() => {
            setActive(t.name);
            onSelect(t.name);
          }}
        >
          <code>{t.name}</code>
          <span className="muted small">{t.description}</span>
        </li>
      ))}
    </ul>
  );
}
