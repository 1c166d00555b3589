import { useCallback, useEffect, useState } from 'react';
import type { ProvisioningError } from '../../../src-shared/errors/index.js';
import type { Output } from '../../../src-shared/ipc/contract.js';
import { useBridge } from '../../bridge/bridge-context.js';
import { ErrorNotice } from '../../lib/error-notice.js';
import { asProvisioningError } from '../../lib/use-action.js';
import { CaCard } from './ca-card.js';
import { Inspector } from './inspector.js';
import { IssueForm } from './issue-form.js';
import { IssuedTable } from './issued-table.js';
import { PushForm } from './push-form.js';

/** Certificates: the station CA, issuing from a CSR, pushing to a device, the issued list and the inspector. */
export function CertificatesView() {
  const bridge = useBridge();
  const [status, setStatus] = useState<Output<'ca.status'> | undefined>(undefined);
  const [issued, setIssued] = useState<Output<'certs.issued'> | undefined>(undefined);
  const [error, setError] = useState<ProvisioningError | undefined>(undefined);
  const [pushTo, setPushTo] = useState<{ imei: string; n: number } | undefined>(undefined);

  const reload = useCallback(() => {
    Promise.all([bridge.call('ca.status', undefined), bridge.call('certs.issued', undefined)]).then(
      ([s, list]) => {
        setStatus(s);
        setIssued(list);
      },
      (e: unknown) => setError(asProvisioningError(e)),
    );
  }, [bridge]);
  useEffect(reload, [reload]);

  return (
    <section className="view" aria-labelledby="certificates-title">
      <div className="view-header">
        <h2 id="certificates-title">Certificates</h2>
      </div>
      {error !== undefined && <ErrorNotice error={error} onDismiss={() => setError(undefined)} />}
      <div className="card-grid">
        <CaCard status={status} onChanged={reload} />
        <IssueForm enabled={status?.unlocked === true} onIssued={reload} />
        <PushForm enabled={status?.unlocked === true} onPushed={reload} pushTo={pushTo} />
      </div>
      <section className="card" aria-labelledby="issued-title">
        <h3 id="issued-title">Issued certificates</h3>
        <IssuedTable records={issued} onPush={(imei) => setPushTo((p) => ({ imei, n: (p?.n ?? 0) + 1 }))} />
      </section>
      <Inspector />
    </section>
  );
}
