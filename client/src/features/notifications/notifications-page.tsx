/** 消息中心: every user's notifications (催办 reminders, daily digests), read state, acknowledging, the mail address. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { PageHeader } from '../../components/page-header';
import { Empty, ErrorState, Loading, Notice } from '../../components/states';
import { useI18n } from '../../lib/i18n';
import { useMe } from '../../lib/me';
import { Link } from '../../lib/router';
import { errorMessage, trpc } from '../../lib/trpc';
import { notificationText } from './notification-text';

export default function NotificationsPage() {
  const { t, dateTime, lang } = useI18n();
  const me = useMe();
  const queryClient = useQueryClient();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const list = useQuery(
    trpc.notifications.list.queryOptions(unreadOnly ? { unreadOnly: true, limit: 100 } : { limit: 100 }),
  );
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.notifications.list.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.notifications.unreadCount.queryKey() });
  };
  const markRead = useMutation(trpc.notifications.markRead.mutationOptions({ onSuccess: refresh }));
  const ack = useMutation(
    trpc.supervision.acknowledge.mutationOptions({
      onSuccess: () => {
        refresh();
        void queryClient.invalidateQueries({ queryKey: trpc.supervision.reminders.queryKey() });
      },
    }),
  );
  const unread = (list.data ?? []).filter((n) => n.readAt === null).length;
  return (
    <div className="page">
      <PageHeader title={t('notifications.title')} subtitle={t('notifications.subtitle')}>
        <label className="check">
          <input type="checkbox" checked={unreadOnly} onChange={(e) => setUnreadOnly(e.target.checked)} />{' '}
          {t('notifications.unreadOnly')}
        </label>
        <button
          type="button"
          className="btn"
          disabled={!unread || markRead.isPending}
          onClick={() => markRead.mutate({ all: true })}
        >
          {t('notifications.markAll')}
        </button>
      </PageHeader>
      {ack.isError ? <Notice kind="error" title={errorMessage(ack.error)} /> : null}
      <section className="card">
        {list.isPending ? (
          <Loading />
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : list.data.length ? (
          <ul className="notifications">
            {list.data.map((n) => {
              const text = notificationText(n, lang);
              return (
                <li key={n.id} className={`notification ${n.readAt ? 'read' : 'unread'}`} data-notification={n.kind}>
                  <div className="notification-head">
                    <span className={`badge ${n.kind === 'reminder' ? 'warning warning-red' : 'chip'}`}>
                      {t(n.kind === 'reminder' ? 'notifications.kind.reminder' : 'notifications.kind.digest')}
                    </span>
                    <strong className="notification-title">{text.title}</strong>
                    <span className="muted small">{dateTime(n.createdAt)}</span>
                  </div>
                  <div className="notification-body">{text.body}</div>
                  <div className="notification-actions">
                    {n.reminder && me.role === 'unit' ? (
                      n.reminder.acknowledgedAt ? (
                        <span className="badge ok">
                          {t('remind.acknowledgedShort', { at: dateTime(n.reminder.acknowledgedAt) })}
                        </span>
                      ) : (
                        <button
                          type="button"
                          className="btn btn-small btn-primary"
                          disabled={ack.isPending}
                          onClick={() => ack.mutate({ id: n.reminder!.id })}
                        >
                          {t('remind.acknowledge')}
                        </button>
                      )
                    ) : null}
                    {n.readAt === null ? (
                      <button
                        type="button"
                        className="btn btn-small btn-ghost"
                        onClick={() => markRead.mutate({ ids: [n.id] })}
                      >
                        {t('notifications.markRead')}
                      </button>
                    ) : null}
                    <Link to="/supervision">{t('notifications.goSupervision')}</Link>
                  </div>
                </li>
              );
            })}
          </ul>
        ) : (
          <Empty title={t('notifications.none')} />
        )}
      </section>
      <EmailCard />
    </div>
  );
}

function EmailCard() {
  const { t } = useI18n();
  const email = useQuery(trpc.notifications.email.queryOptions());
  const [value, setValue] = useState('');
  const [saved, setSaved] = useState(false);
  const id = useId();
  useEffect(() => {
    if (email.data) setValue(email.data.email ?? '');
  }, [email.data]);
  const save = useMutation(
    trpc.notifications.setEmail.mutationOptions({
      onSuccess: () => {
        setSaved(true);
        void email.refetch();
      },
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    save.mutate({ email: value.trim() || null });
  };
  return (
    <section className="card">
      <h2 className="card-title">{t('notifications.mailTitle')}</h2>
      <p className="muted small">{email.data?.mailEnabled ? t('notifications.mailOn') : t('notifications.mailOff')}</p>
      <form className="toolbar" onSubmit={submit}>
        <div className="field field-inline">
          <label htmlFor={id}>{t('notifications.mailAddress')}</label>
          <input
            id={id}
            type="email"
            value={value}
            maxLength={254}
            placeholder="name@example.gov.cn"
            onChange={(e) => setValue(e.target.value)}
          />
        </div>
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {t('action.save')}
        </button>
        {saved ? <span className="small ok">{t('notifications.mailSaved')}</span> : null}
      </form>
      {save.isError ? (
        <p className="field-error" role="alert">
          {errorMessage(save.error)}
        </p>
      ) : null}
    </section>
  );
}
