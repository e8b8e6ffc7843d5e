import { useEffect, useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../app/store-context.js';
import { selectModelsForVendor, selectPendingChat, selectVendors } from '../../store.js';
import { ChatTurnView } from './ChatTurnView.js';

function Pickers() {
  const vendors = useAppStore(useShallow(selectVendors));
  const models = useAppStore(useShallow(selectModelsForVendor));
  const vendor = useAppStore((s) => s.chatVendor);
  const model = useAppStore((s) => s.chatModel);
  const setVendor = useAppStore((s) => s.setChatVendor);
  const setModel = useAppStore((s) => s.setChatModel);
  return (
    <div className="toolbar">
      <label>
        Vendor
        <select data-testid="chat-vendor-select" value={vendor} onChange={(e) => setVendor(e.target.value)}>
          {vendors.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
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

export function ChatPanel() {
  const turns = useAppStore((s) => s.chatTurns);
  const pending = useAppStore(selectPendingChat);
  const sendChat = useAppStore((s) => s.sendChat);
  const cancelChat = useAppStore((s) => s.cancelChat);
  const clearChat = useAppStore((s) => s.clearChat);
  const loadModels = useAppStore((s) => s.loadModels);
  const [text, setText] = useState('');
  const list = useRef<HTMLDivElement>(null);
  // Follow the newest text while an answer streams in.
  useEffect(() => {
    if (list.current) list.current.scrollTop = list.current.scrollHeight;
  }, [turns]);
  // Vendors come and go with their servers; refresh the pickers when the chat opens.
  useEffect(() => {
    void loadModels();
  }, [loadModels]);

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    const prompt = text.trim();
    if (!prompt || pending) return;
    setText('');
    void sendChat(prompt);
  };
  // Enter sends, Shift+Enter inserts a newline (chat convention).
  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey) submit(e);
  };

  return (
    <section className="panel chat">
      <div className="panel-head">
        <h2>Chat</h2>
        <Pickers />
        <button type="button" className="btn btn-small btn-ghost" onClick={clearChat} disabled={!!pending}>
          Clear
        </button>
      </div>
      <div className="conversation" data-testid="chat-conversation" ref={list}>
        {turns.length === 0 && <p className="muted">Ask anything; the router picks a vendor and fails over if one is down.</p>}
        {turns.map((t) => (
          <ChatTurnView key={t.requestId} turn={t} />
        ))}
      </div>
      <form className="composer" onSubmit={submit}>
        <textarea
          data-testid="chat-input"
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
          <button type="submit" className="btn btn-primary" data-testid="chat-send" disabled={!text.trim()}>
            Send
          </button>
        )}
      </form>
    </section>
  );
}
