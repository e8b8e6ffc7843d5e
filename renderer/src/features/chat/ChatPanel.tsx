import { useEffect, useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store-context.js';
import { AUTO_VENDOR, selectModelsForVendor, selectPendingChat, selectVendorOptions } from '../../store.js';
import { ChatSettingsPanel } from './ChatSettingsPanel.js';
import { ChatTurnView } from './ChatTurnView.js';
import { conversationJson, conversationMarkdown, download, exportName } from './chat-export.js';
import { Conversations } from './Conversations.js';

/** Download the current conversation (tool steps included) as Markdown or JSON. */
function ExportButtons() {
  const conversation = useAppStore((s) => s.conversations.find((c) => c.id === s.conversationId));
  if (!conversation || conversation.turns.length === 0) return null;
  return (
    <>
      <button
        type="button"
        className="btn btn-small btn-ghost"
        data-testid="chat-export-md"
        onClick={() => download(exportName(conversation, 'md'), conversationMarkdown(conversation), 'text/markdown')}
      >
        Export .md
      </button>
      <button
        type="button"
        className="btn btn-small btn-ghost"
        data-testid="chat-export-json"
        onClick={() => download(exportName(conversation, 'json'), conversationJson(conversation), 'application/json')}
      >
        Export .json
      </button>
    </>
  );
}

/** Why Send cannot work with the current pick, or null. */
function useVendorBlocker(): string | null {
  const options = useAppStore(selectVendorOptions);
  const vendor = useAppStore((s) => s.chatVendor);
  if (vendor === AUTO_VENDOR) {
    if (options.length > 0 && !options.some((o) => o.usable)) {
      return `No vendor can answer: ${options.map((o) => `${o.id} (${o.reason})`).join('; ')}.`;
    }
    return null;
  }
  const picked = options.find((o) => o.id === vendor);
  if (!picked) return `${vendor} is not configured any more; pick another vendor.`;
  return picked.usable ? null : `${vendor} can’t answer: ${picked.reason}. Pick another vendor or start it on the Servers page.`;
}

function Pickers() {
  const options = useAppStore(selectVendorOptions);
  const models = useAppStore(useShallow(selectModelsForVendor));
  const vendor = useAppStore((s) => s.chatVendor);
  const model = useAppStore((s) => s.chatModel);
  const setVendor = useAppStore((s) => s.setChatVendor);
  const setModel = useAppStore((s) => s.setChatModel);
  // A picked vendor that vanished stays listed (as unavailable) so the select never silently shows "auto".
  const listed = vendor === AUTO_VENDOR || options.some((o) => o.id === vendor);
  return (
    <div className="toolbar">
      <label>
        Vendor
        <select data-testid="chat-vendor-select" value={vendor} onChange={(e) => setVendor(e.target.value)}>
          <option value={AUTO_VENDOR}>auto (first that answers)</option>
          {options.map((o) => (
            <option key={o.id} value={o.id} disabled={!o.usable && o.id !== vendor} data-usable={String(o.usable)}>
              {o.usable ? o.id : `${o.id} — ${o.reason}`}
            </option>
          ))}
          {!listed && <option value={vendor}>{vendor} — not configured</option>}
        </select>
      </label>
      <label>
        Model
        <select data-testid="chat-model-select" value={model} onChange={(e) => setModel(e.target.value)}>
          <option value="">default</option>
          {models.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

/** The message box and Send/Stop. Focus returns here after Send so typing can go on. */
function Composer({ blocker }: { blocker: string | null }) {
  const pending = useAppStore(selectPendingChat);
  const sendChat = useAppStore((s) => s.sendChat);
  const cancelChat = useAppStore((s) => s.cancelChat);
  const [text, setText] = useState('');
  const input = useRef<HTMLTextAreaElement>(null);
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    const prompt = text.trim();
    if (!prompt || pending || blocker) return;
    setText('');
    void sendChat(prompt);
    input.current?.focus();
  };
  // Enter sends, Shift+Enter inserts a newline (chat convention).
  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey) submit(e);
  };
  return (
    <form className="composer" onSubmit={submit}>
      <textarea
        ref={input}
        data-testid="chat-input"
        aria-label="Message"
        value={text}
        rows={3}
        placeholder="Message (Enter to send, Shift+Enter for a new line)"
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKey}
      />
      {pending ? (
        <button type="button" className="btn btn-danger" data-testid="chat-stop" onClick={() => void cancelChat(pending.requestId)}>
          Stop
        </button>
      ) : (
        <button
          type="submit"
          className="btn btn-primary"
          data-testid="chat-send"
          disabled={!text.trim() || !!blocker}
          aria-describedby={blocker ? 'chat-blocker' : undefined}
          title={blocker ?? undefined}
        >
          Send
        </button>
      )}
    </form>
  );
}

export function ChatPanel() {
  const turns = useAppStore((s) => s.chatTurns);
  const pending = useAppStore(selectPendingChat);
  const clearChat = useAppStore((s) => s.clearChat);
  const blocker = useVendorBlocker();
  const list = useRef<HTMLDivElement>(null);
  // Follow the newest text while an answer streams in.
  useEffect(() => {
    if (list.current) list.current.scrollTop = list.current.scrollHeight;
  }, [turns]);
  return (
    <section className="panel chat">
      <div className="panel-head">
        <h2>Chat</h2>
        <Conversations />
        <Pickers />
        <button
          type="button"
          className="btn btn-small btn-ghost"
          data-testid="chat-clear"
          onClick={clearChat}
          disabled={!!pending || turns.length === 0}
        >
          Clear
        </button>
        <ExportButtons />
      </div>
      <ChatSettingsPanel />
      <div className="conversation" data-testid="chat-conversation" ref={list} tabIndex={0} aria-label="Conversation" role="log">
        {turns.length === 0 && <p className="muted">Ask anything; the router picks a vendor and fails over if one is down.</p>}
        {turns.map((t) => (
          <ChatTurnView key={t.requestId} turn={t} />
        ))}
      </div>
      {blocker && (
        <p className="warn-box small" id="chat-blocker" data-testid="chat-blocker" role="status">
          {blocker}
        </p>
      )}
      <Composer blocker={blocker} />
    </section>
  );
}
