import { useEffect, useRef, useState } from 'preact/hooks';
import { clock } from '../format.js';
import { useRoutes } from '../hooks.js';
import { getToken, onToken } from '../token.js';
import { Panel, Unavailable } from '../ui/Panel.js';

interface ChatMessage {
  readonly type: string;
  readonly content: string;
  readonly timestamp?: string;
}

type ChatState = 'connecting' | 'open' | 'closed' | 'unavailable';

/** This browser's chat client id (the server keeps the conversation per client id). */
function chatClientId(): string {
  const key = 'minhos.chatClient';
  try {
    const known = localStorage.getItem(key);
    if (known !== null) return known;
    const id = `web-${crypto.randomUUID().slice(0, 8)}`;
    localStorage.setItem(key, id);
    return id;
  } catch {
    return 'web';
  }
}

/** The chat, over `/ws/chat` (reconnects; history comes from the server on connect). */
export function Chat() {
  const routes = useRoutes();
  const available = routes === undefined ? undefined : routes.hasPrefix('/api/chat');
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [state, setState] = useState<ChatState>('connecting');
  const [text, setText] = useState('');
  const ws = useRef<WebSocket | null>(null);
  const list = useRef<HTMLOListElement>(null);

  useEffect(() => {
    if (available !== true) return undefined;
    let stopped = false;
    let opened = false;
    let failures = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const open = () => {
      const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws/chat?client_id=${encodeURIComponent(chatClientId())}`;
      const socket = new WebSocket(url);
      ws.current = socket;
      socket.onopen = () => {
        opened = true;
        setMessages([]);
        failures = 0;
        setState('open');
        const token = getToken();
        if (token !== null) socket.send(JSON.stringify({ type: 'auth', token }));
        socket.send(JSON.stringify({ type: 'get_history' }));
      };
      socket.onmessage = (e) => {
        let m: unknown;
        try {
          m = JSON.parse(String(e.data));
        } catch {
          return;
        }
        const msg = m as Partial<ChatMessage> & { messages?: ChatMessage[]; history?: ChatMessage[] };
        const history = msg.messages ?? msg.history;
        // The stored conversation goes before what this connection has shown (its greeting).
        if (Array.isArray(history))
          setMessages((shown) => [...history.filter((h) => typeof h.content === 'string'), ...shown]);
        else if (typeof msg.content === 'string')
          setMessages((all) => [
            ...all.slice(-199),
            {
              type: msg.type ?? 'system',
              content: msg.content as string,
              ...(msg.timestamp === undefined ? {} : { timestamp: msg.timestamp }),
            },
          ]);
      };
      socket.onerror = () => {};
      socket.onclose = () => {
        if (stopped) return;
        failures++;
        // Never opened after a few tries while /ws is fine: this server has no chat endpoint.
        setState(!opened && failures >= 3 ? 'unavailable' : 'closed');
        timer = setTimeout(open, Math.min(5000, 500 * 2 ** failures));
      };
    };
    open();
    // A token entered later unlocks the dangerous commands on the open connection.
    const offToken = onToken((token) => {
      if (token !== null && ws.current?.readyState === WebSocket.OPEN)
        ws.current.send(JSON.stringify({ type: 'auth', token }));
    });
    return () => {
      offToken();
      stopped = true;
      clearTimeout(timer);
      ws.current?.close();
    };
  }, [available]);

  useEffect(() => {
    list.current?.lastElementChild?.scrollIntoView({ block: 'nearest' });
  }, [messages]);

  const submit = (e: Event) => {
    e.preventDefault();
    const content = text.trim();
    if (content === '' || ws.current?.readyState !== WebSocket.OPEN) return;
    ws.current.send(JSON.stringify({ type: 'chat_message', content }));
    setMessages((all) => [...all, { type: 'user', content, timestamp: new Date().toISOString() }]);
    setText('');
  };

  return (
    <Panel id="chat" title="Chat">
      {available === false || state === 'unavailable' ? (
        <Unavailable what="chat (/ws/chat)" />
      ) : (
        <>
          <ol class="chat" ref={list} aria-live="polite">
            {messages.map((m, i) => (
              <li key={i} class={`msg ${m.type}`}>
                <span class="muted">{clock(m.timestamp)}</span> {m.content}
              </li>
            ))}
          </ol>
          <form onSubmit={submit} class="chat-form">
            <input
              name="chat"
              aria-label="message"
              value={text}
              onInput={(e) => setText(e.currentTarget.value)}
              placeholder={state === 'open' ? 'status, positions, rsi es 5m, explain…' : 'chat reconnecting…'}
            />
            <button type="submit" disabled={state !== 'open'}>
              Send
            </button>
          </form>
        </>
      )}
    </Panel>
  );
}
