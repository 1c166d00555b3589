import { useCallback, useEffect, useState } from 'react';
import type { ProvisioningError } from '../../../src-shared/errors/index.js';
import type { Output } from '../../../src-shared/ipc/contract.js';
import { useNavigation } from '../../app/navigation.js';
import { useBridge } from '../../bridge/bridge-context.js';
import { ErrorNotice } from '../../lib/error-notice.js';
import { asProvisioningError } from '../../lib/use-action.js';
import { PlanDiffPanel } from './plan-diff-panel.js';
import { ProfileEditor } from './profile-editor.js';
import { ProfileList } from './profile-list.js';
import { VersionHistory } from './version-history.js';

/** The Profiles view: list, editor with inline validation, plan diff, versions, approval. */
export function ProfilesView() {
  const bridge = useBridge();
  const { location } = useNavigation();
  const [profiles, setProfiles] = useState<Output<'profiles.list'> | undefined>(undefined);
  const [caUnlocked, setCaUnlocked] = useState(false);
  const [selected, setSelected] = useState<string | undefined>(location.params['profile']);
  const [versions, setVersions] = useState<Output<'profiles.versions'> | undefined>(undefined);
  const [opened, setOpened] = useState<Output<'profiles.get'> | undefined>(undefined);
  const [saved, setSaved] = useState<Output<'profiles.save'> | undefined>(undefined);
  const [error, setError] = useState<ProvisioningError | undefined>(undefined);
  const fail = useCallback((e: unknown) => setError(asProvisioningError(e)), []);

  const reloadList = useCallback(() => {
    bridge.call('profiles.list', undefined).then((list) => {
      setProfiles(list);
      setSelected((s) => s ?? list[0]?.name);
    }, fail);
    bridge.call('ca.status', undefined).then((s) => setCaUnlocked(s.unlocked), fail);
  }, [bridge, fail]);
  useEffect(reloadList, [reloadList]);

  const reloadVersions = useCallback(() => {
    if (selected === undefined) return;
    bridge.call('profiles.versions', { name: selected }).then(setVersions, fail);
  }, [bridge, selected, fail]);
  useEffect(reloadVersions, [reloadVersions]);

  const open = useCallback(
    (name: string, version?: string) => {
      bridge.call('profiles.get', version === undefined ? { name } : { name, version }).then(setOpened, fail);
    },
    [bridge, fail],
  );
  useEffect(() => {
    setSaved(undefined);
    setOpened(undefined);
    setVersions(undefined);
    if (selected !== undefined) open(selected);
  }, [selected, open]);

  return (
    <section className="view" aria-labelledby="profiles-title">
      <div className="view-header">
        <h2 id="profiles-title">Profiles</h2>
      </div>
      {error !== undefined && <ErrorNotice error={error} onDismiss={() => setError(undefined)} />}
      <section className="card" aria-labelledby="profiles-library-title">
        <h3 id="profiles-library-title">Library</h3>
        <ProfileList profiles={profiles} selected={selected} onSelect={setSelected} />
      </section>
      <div aria-live="polite">
        {saved !== undefined && (
          <p className="notice notice-ok">
            {saved.isNew ? 'Saved version' : 'Same content as version'} {saved.version.label}{' '}
            <span className="mono" title={saved.version.hash}>
              sha256:{saved.version.hash.slice(0, 12)}…
            </span>
          </p>
        )}
      </div>
      {selected !== undefined && opened?.name === selected && (
        <ProfileEditor
          key={opened.version.hash}
          name={selected}
          initialText={opened.text}
          openedLabel={`${opened.version.label} · sha256:${opened.version.hash.slice(0, 12)}…`}
          onSaved={(value) => {
            setSaved(value);
            reloadList();
            reloadVersions();
            open(selected, value.version.hash);
          }}
        />
      )}
      {selected !== undefined && (
        <VersionHistory
          name={selected}
          versions={versions}
          opened={opened?.version.hash}
          caUnlocked={caUnlocked}
          onOpen={(hash) => open(selected, hash)}
          onApproved={() => {
            reloadList();
            reloadVersions();
          }}
        />
      )}
      {selected !== undefined && <PlanDiffPanel name={selected} version={opened?.version.hash} />}
    </section>
  );
}
