// Acknowledging guideline versions. The annotator must acknowledge a published update before the
// next submission. Acknowledgements are written to Dexie first and sent to the server, so an
// annotator offline can still acknowledge (and so submit); unsent ones go out on the next load.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect } from 'react';
import { AckStatus, type GuidelineVersion } from '../../domain/api/index.ts';
import { needsAcknowledgement } from '../../domain/guidelines/versioning.ts';
import { api } from '../api/http.ts';
import type { TouchstoneDb } from '../local/db.ts';

export const ackKey = (userId: string, versionId: string) => `${userId}:${versionId}`;

export async function acknowledge(db: TouchstoneDb, userId: string, projectId: string, versionId: string, now = Date.now()): Promise<void> {
  await db.guidelineAcks.put({ key: ackKey(userId, versionId), userId, projectId, versionId, acknowledgedAt: now, sent: false });
  await sendAcks(db, userId);
}

/** Sends acknowledgements the server has not confirmed; failures wait for the next call. */
export async function sendAcks(db: TouchstoneDb, userId: string): Promise<void> {
  // `sent` is a boolean, which IndexedDB cannot index: filter the (few) rows of this user.
  const unsent = (await db.guidelineAcks.where('userId').equals(userId).toArray()).filter((a) => !a.sent);
  for (const a of unsent) {
    try {
      await api(`/api/projects/${a.projectId}/guideline/ack`, AckStatus, { method: 'POST', body: { versionId: a.versionId } });
      await db.guidelineAcks.update(a.key, { sent: true });
    } catch {
      return; // offline or refused: kept locally, tried again later
    }
  }
}

export interface AckState {
  /** Submission is held until the current version is acknowledged. */
  required: boolean;
  /** Versions published since the last acknowledged one (newest first); offline: just the current one. */
  unread: Array<Pick<GuidelineVersion, 'id' | 'version' | 'changelog' | 'kind' | 'affectedLabels'>>;
  acknowledge: () => Promise<void>;
}

/** Whether the annotator still has to acknowledge `guideline` (the project's current version). */
export function useGuidelineAck(db: TouchstoneDb, userId: string, projectId: string, guideline: GuidelineVersion): AckState {
  const qc = useQueryClient();
  const local = useLiveQuery(() => db.guidelineAcks.get(ackKey(userId, guideline.id)), [userId, guideline.id]);
  const server = useQuery({
    queryKey: ['guideline-ack', projectId, guideline.id],
    queryFn: () => api(`/api/projects/${projectId}/guideline/ack`, AckStatus),
    retry: false,
  });
  useEffect(() => {
    void sendAcks(db, userId);
  }, [db, userId]);
  const serverAcked = server.data?.current.id === guideline.id && server.data.acknowledged;
  // What the server knows (an acknowledgement from another device or an earlier session) is kept
  // on the device too, so an offline reload does not ask for it again and hold Submit.
  useEffect(() => {
    if (!serverAcked || local !== undefined) return;
    const key = ackKey(userId, guideline.id);
    void db.transaction('rw', db.guidelineAcks, async () => {
      if (!(await db.guidelineAcks.get(key)))
        await db.guidelineAcks.put({ key, userId, projectId, versionId: guideline.id, acknowledgedAt: Date.now(), sent: true });
    });
  }, [serverAcked, local, db, userId, projectId, guideline.id]);
  const acknowledged = !!local || serverAcked;
  const ack = useCallback(async () => {
    await acknowledge(db, userId, projectId, guideline.id);
    // Not awaited: offline, react-query holds the refetch until the network returns, and the
    // acknowledgement (already on the device) must not wait for it.
    void qc.invalidateQueries({ queryKey: ['guideline-ack', projectId] });
  }, [db, userId, projectId, guideline.id, qc]);
  const unread = server.data?.current.id === guideline.id ? server.data.unread : [guideline];
  return { required: needsAcknowledgement(guideline, acknowledged), unread: acknowledged ? [] : unread, acknowledge: ack };
}
