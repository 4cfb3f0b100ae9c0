import type { ChangeSetStatus } from '../../api';
import { type FormEvent, useState } from 'react';
import { useApp } from '../../app-context';
import { ErrorNotice } from '../../components/error-notice';
import { formatDate } from '../../components/format';
import { useAction } from '../../hooks/use-action';
import { useResource } from '../../hooks/use-resource';

/** The set's feedback thread, oldest first, and a box to post to it (for roles that may message, outside drafts). */
export function MessageThread({ changeSetId, status, version }: { changeSetId: string; status: ChangeSetStatus; version: string }) {
  const { api, session, can } = useApp();
  const messages = useResource(() => api.changeSets.messages(changeSetId), [api, changeSetId, version]);
  const [body, setBody] = useState('');
  const post = useAction(async () => {
    const posted = await api.changeSets.postMessage(changeSetId, {
      authorId: session.userId,
      authorName: session.displayName,
      authorType: can.isAgent ? 'agent' : 'user',
      body: body.trim(),
    });
    messages.set([...(messages.data ?? []), posted]);
    setBody('');
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (body.trim()) void post.run();
  };
  return (
    <section className="panel thread" aria-labelledby="thread-title">
      <h2 id="thread-title">Messages {messages.data && <span className="muted">({messages.data.length})</span>}</h2>
      <ErrorNotice error={messages.error} action="Loading messages" />
      <ol className="thread__list">
        {(messages.data ?? []).map((message) => (
          <li key={message.id} className={`message message--${message.authorType}`}>
            <div className="message__meta">
              <strong>{message.authorName}</strong> <span className="muted">({message.authorType})</span>{' '}
              <time dateTime={message.timestamp} className="muted small">
                {formatDate(message.timestamp)}
              </time>
              {message.operationId && <code className="small"> {message.operationId}</code>}
            </div>
            <p className="message__body">{message.body}</p>
          </li>
        ))}
        {messages.data?.length === 0 && <li className="muted">No messages yet.</li>}
      </ol>
      {can.message && status !== 'draft' && (
        <form onSubmit={submit} className="thread__form" aria-label="New message">
          <label htmlFor="message-body">Message</label>
          <textarea id="message-body" rows={3} value={body} onChange={(event) => setBody(event.target.value)} maxLength={5000} />
          <button type="submit" className="button" disabled={post.busy || !body.trim()}>
            {post.busy ? 'Sending…' : 'Send message'}
          </button>
          <ErrorNotice error={post.error} action="Sending the message" onDismiss={post.clearError} />
        </form>
      )}
    </section>
  );
}
