/** An owner's evidence files (佐证材料): image thumbnails and PDF previews in the page, downloads, add and withdraw. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { EVIDENCE_ACCEPT, refreshEvidence, uploadEvidence } from '../lib/evidence';
import { useI18n } from '../lib/i18n';
import { errorMessage, type RouterOutputs, trpc } from '../lib/trpc';
import { Dialog, DialogFooter } from './dialog';

type EvidenceFile = RouterOutputs['evidence']['list'][number];

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function EvidenceList({
  ownerKind,
  ownerId,
  files: given,
  canAdd = false,
  canWithdraw = false,
}: {
  ownerKind: string;
  ownerId: number;
  /**
   * The owner's files when a page reads them for all its records at once (evidence.listMany; null while that
   * loads); omitted, the list reads its own.
   */
  files?: EvidenceFile[] | null | undefined;
  canAdd?: boolean;
  canWithdraw?: boolean;
}) {
  const { t, dateTime } = useI18n();
  const queryClient = useQueryClient();
  const own = useQuery({ ...trpc.evidence.list.queryOptions({ ownerKind, ownerId }), enabled: given === undefined });
  const files = given === undefined ? own : { data: given ?? undefined, isSuccess: given !== null };
  // Both the one-record and the batched lists read again after a change.
  const refresh = () => refreshEvidence(queryClient);
  const [viewing, setViewing] = useState<EvidenceFile | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const withdraw = useMutation(
    trpc.evidence.withdraw.mutationOptions({
      onSuccess: () => void refresh(),
      onError: (e) => setError(errorMessage(e)),
    }),
  );
  const add = async (list: FileList | null) => {
    if (!list?.length) return;
    setBusy(true);
    setError(null);
    const failures: string[] = [];
    for (const file of Array.from(list)) {
      const err = await uploadEvidence(ownerKind, ownerId, file);
      if (err) failures.push(t('evidence.uploadFailed', { name: file.name, error: err }));
    }
    setBusy(false);
    if (failures.length) setError(failures.join('；'));
    await refresh();
  };
  const all = files.data ?? [];
  const live = all.filter((f) => f.withdrawnAt === null);
  const withdrawn = all.filter((f) => f.withdrawnAt !== null);
  if (!all.length && !canAdd) return null;
  return (
    <div className="evidence">
      {live.length ? (
        <ul className="evidence-list">
          {live.map((f) => (
            <li key={f.id} className="evidence-item">
              {f.preview === 'image' ? (
                <button
                  type="button"
                  className="evidence-thumb"
                  onClick={() => setViewing(f)}
                  title={t('evidence.view')}
                >
                  <img src={`/api/evidence/${f.id}`} alt={f.name} loading="lazy" />
                </button>
              ) : f.preview === 'pdf' ? (
                <button type="button" className="evidence-thumb evidence-pdf" onClick={() => setViewing(f)}>
                  PDF
                </button>
              ) : (
                <a className="evidence-thumb evidence-doc" href={`/api/evidence/${f.id}?download=1`}>
                  {f.name.split('.').pop()?.toUpperCase()}
                </a>
              )}
              <div className="evidence-meta">
                <a href={`/api/evidence/${f.id}?download=1`}>{f.name}</a>
                <div className="small muted">
                  {sizeText(f.size)} · {f.uploadedBy} · {dateTime(f.uploadedAt)}
                </div>
                {canWithdraw ? (
                  <button
                    type="button"
                    className="btn btn-small btn-ghost"
                    disabled={withdraw.isPending}
                    onClick={() => withdraw.mutate({ id: f.id })}
                  >
                    {t('evidence.withdraw')}
                  </button>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      ) : files.isSuccess && !canAdd ? null : files.isSuccess ? (
        <div className="small muted">{t('evidence.none')}</div>
      ) : null}
      {withdrawn.length ? (
        <details className="small muted">
          <summary>{t('evidence.history', { n: withdrawn.length })}</summary>
          <ul>
            {withdrawn.map((f) => (
              <li key={f.id}>
                {t('evidence.withdrawnLine', {
                  name: f.name,
                  by: f.withdrawnBy ?? '',
                  at: dateTime(f.withdrawnAt!),
                  uploader: f.uploadedBy,
                })}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {canAdd ? (
        <label className="btn btn-small btn-ghost">
          {busy ? t('state.saving') : t('evidence.add')}
          <input
            type="file"
            hidden
            multiple
            accept={EVIDENCE_ACCEPT}
            disabled={busy}
            onChange={(e) => void add(e.target.files)}
          />
        </label>
      ) : null}
      {error ? (
        <div className="field-error" role="alert">
          {error}
        </div>
      ) : null}
      {viewing ? (
        <Dialog title={viewing.name} onClose={() => setViewing(null)} wide>
          {viewing.preview === 'image' ? (
            <img className="evidence-large" src={`/api/evidence/${viewing.id}`} alt={viewing.name} />
          ) : (
            <iframe className="evidence-frame" src={`/api/evidence/${viewing.id}`} title={viewing.name} />
          )}
          <DialogFooter primaryLabel={t('action.close')} onPrimary={() => setViewing(null)}>
            <a className="btn" href={`/api/evidence/${viewing.id}?download=1`}>
              {t('evidence.download')}
            </a>
          </DialogFooter>
        </Dialog>
      ) : null}
    </div>
  );
}
