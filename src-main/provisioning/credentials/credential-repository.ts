/**
 * A {@link DataRepository} that can also serve a publication exactly once: the MO data that carries
 * a station-generated private key is removed the moment a device has fetched it, so the secret
 * lives in the station only for the few milliseconds between the HGET being queued and served.
 */
import type { HttpHandler } from '../../../src-shared/ports/http.js';
import { DataRepository, type RepositoryOptions } from '../../../src-shared/protocol/dm/session/index.js';

/** One single-use publication: `served` settles true once fetched, false once revoked. */
export interface OneShotPublication {
  readonly path: string;
  readonly served: Promise<boolean>;
  /** Stops serving it (idempotent); `served` resolves false if it had not been fetched. */
  revoke(): void;
}

/** A data repository with single-use publications for secrets (mount it with `startDmServerHost({ repository })`). */
export class CredentialRepository extends DataRepository {
  readonly #oneShot = new Map<string, (served: boolean) => void>();
  /** The base repository's handler, captured before the override below replaces it. */
  readonly #serve: HttpHandler = (this as DataRepository).handler;

  constructor(options: RepositoryOptions = {}) {
    super(options);
  }

  /**
   * Publishes MO serialization text at `path` for one successful GET; afterwards the path answers
   * 404 and the text is no longer referenced by the repository.
   */
  publishOnce(path: string, text: string): OneShotPublication {
    this.#oneShot.get(path)?.(false);
    let settle: (served: boolean) => void = () => undefined;
    const served = new Promise<boolean>((resolve) => {
      settle = (value) => {
        if (this.#oneShot.get(path) !== settle) return;
        this.#oneShot.delete(path);
        this.unpublish(path);
        resolve(value);
      };
    });
    this.publish(path, text);
    this.#oneShot.set(path, settle);
    return { path, served, revoke: () => settle(false) };
  }

  /** Paths of single-use publications not fetched yet. */
  pendingOneShots(): readonly string[] {
    return [...this.#oneShot.keys()];
  }

  /** The HTTP handler: as the base repository's, plus retiring a single-use path once it is served. */
  override readonly handler: HttpHandler = async (request, peer) => {
    const response = await this.#serve(request, peer);
    if (request.method === 'GET' && response.status === 200) {
      const path = request.url.replace(/[?#].*$/, '');
      this.#oneShot.get(path)?.(true);
    }
    return response;
  };
}
