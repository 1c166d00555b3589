import type { ProvisioningError } from '../../src-shared/errors/index.js';
import { messageFor } from './error-messages.js';

/** Props of {@link ErrorNotice}. */
export interface ErrorNoticeProps {
  readonly error: ProvisioningError;
  readonly onDismiss?: () => void;
}

/** One error shown through the catalog: headline, what the station said, and the action to take. */
export function ErrorNotice({ error, onDismiss }: ErrorNoticeProps) {
  const text = messageFor(error.code);
  return (
    <div className="notice notice-error" role="alert">
      <p className="notice-title">{text.title}</p>
      <p>{error.message.endsWith('.') ? error.message : `${error.message}.`}</p>
      <p className="notice-action">{text.action}</p>
      {onDismiss !== undefined && (
        <button type="button" className="button-secondary" onClick={onDismiss}>
          Dismiss
        </button>
      )}
    </div>
  );
}
