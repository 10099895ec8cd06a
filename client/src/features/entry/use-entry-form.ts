/** The entry form's state: the typed texts, the version it saves against, what a save answered, and the save itself. */

import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useMemo, useRef, useState } from 'react';
import { serverSentence } from '../../lib/server-errors';
import { errorCode, errorDetails, type RouterOutputs, trpc } from '../../lib/trpc';
import { checkEntry, derivedTotals, textsOf } from './validate-entry';

export type Entry = RouterOutputs['entry']['get'];
export type Conflict = { version: number; status: string; values: Record<string, number> };

export function useEntryForm(data: Entry) {
  const [texts, setTexts] = useState<Record<string, string>>(() => textsOf(data.values));
  const [version, setVersion] = useState(data.version);
  // Every field's problem is shown after a save or submit attempt; before that only those typed in.
  const [showAll, setShowAll] = useState(false);
  const [confirmSubmit, setConfirmSubmit] = useState(false);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState<{ submitted: boolean; warnings: string[] } | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const check = useMemo(() => checkEntry(texts, data.catalogue), [texts, data.catalogue]);
  const totals = derivedTotals(check.values);
  const errorCount = Object.keys(check.errors).length;

  const save = useMutation(
    trpc.entry.save.mutationOptions({
      onSuccess: (res, vars) => {
        setVersion(res.version);
        // A submission sends blanks as 0: show what was stored.
        if (vars.submit) setTexts(textsOf(vars.values));
        setSaved({
          submitted: vars.submit,
          warnings: res.warningMessages.map((w) => serverSentence({ messageKey: w.key, params: w.params })),
        });
        setConfirmSubmit(false);
        setConflict(null);
        setServerErrors({});
      },
      onError: (err) => {
        setConfirmSubmit(false);
        if (errorCode(err) === 'CONFLICT') {
          const d = errorDetails<Conflict>(err);
          if (d) setConflict(d);
        }
        const details = errorDetails<{
          errors?: { indicator: string; key: string; params: Record<string, string | number> }[];
        }>(err);
        if (details?.errors)
          setServerErrors(
            Object.fromEntries(
              details.errors.map((e) => [e.indicator, serverSentence({ messageKey: e.key, params: e.params })]),
            ),
          );
      },
    }),
  );

  const focusFirstError = () => {
    const first = data.catalogue.find((d) => check.errors[d.code]);
    if (first) formRef.current?.querySelector<HTMLElement>(`[name="${CSS.escape(first.code)}"]`)?.focus();
  };

  /** Saves the draft, or submits (blanks sent as 0); with errors it only shows them and focuses the first. */
  const doSave = (submit: boolean) => {
    setShowAll(true);
    if (errorCount) {
      focusFirstError();
      return;
    }
    const values = submit ? checkEntry(texts, data.catalogue, { fillBlanks: true }).values : check.values;
    setSaved(null);
    save.mutate({ unit: data.unit.code, period: data.period, version, values, submit });
  };

  /** The form's submit: asks for confirmation when there is nothing to fix. */
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setShowAll(true);
    if (errorCount) {
      focusFirstError();
      return;
    }
    setConfirmSubmit(true);
  };

  return {
    texts,
    showAll,
    confirmSubmit,
    conflict,
    serverErrors,
    saved,
    formRef,
    check,
    totals,
    errorCount,
    save,
    doSave,
    onSubmit,
    /** One field typed: the last save's message no longer describes the form. */
    setField(code: string, text: string) {
      setTexts((prev) => ({ ...prev, [code]: text }));
      setSaved(null);
    },
    /** Values read from a template file, over the typed ones. */
    loadValues(values: Record<string, number>) {
      setTexts((prev) => ({ ...prev, ...textsOf(values) }));
    },
    /** After a conflict: keep the typed figures and save them over the newer version. */
    keepMine() {
      if (!conflict) return;
      setVersion(conflict.version);
      setConflict(null);
      save.reset();
    },
    cancelSubmit() {
      setConfirmSubmit(false);
    },
  };
}
