import { Component, type ErrorInfo, type ReactNode } from 'react';
import { messageFor } from '../lib/error-messages.js';

interface State {
  readonly failed: boolean;
}

/** Contains render bugs of one view so the rest of the shell keeps working. */
export class ViewErrorBoundary extends Component<{ readonly children: ReactNode }, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('View crashed', error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    const text = messageFor('INTERNAL');
    return (
      <div role="alert" className="notice notice-error">
        <h2>{text.title}</h2>
        <p>This view stopped working. {text.action}</p>
        <button type="button" onClick={() => this.setState({ failed: false })}>
          Try again
        </button>
      </div>
    );
  }
}
